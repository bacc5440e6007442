package locallambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import locallambda.runtime.Lifecycle.Phase;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void coldStartThenWarmInvocations() {
        Lifecycle l = new Lifecycle();
        assertTrue(l.to(Phase.INITIALIZING));
        assertFalse(l.initialized());
        assertTrue(l.to(Phase.READY));
        assertTrue(l.to(Phase.INVOKING));
        assertTrue(l.to(Phase.INVOKING, Phase.READY));
        assertTrue(l.to(Phase.INVOKING));
        assertTrue(l.initialized());
        assertFalse(l.reached(Phase.INIT_RETRYING));
    }

    @Test
    void initRetriedInsideTheInvoke() {
        Lifecycle l = new Lifecycle();
        l.to(Phase.INITIALIZING);
        assertTrue(l.to(Phase.INIT_RETRYING));
        assertFalse(l.to(Phase.INIT_RETRYING), "one retry only");
        assertTrue(l.to(Phase.READY));
        assertTrue(l.reached(Phase.INIT_RETRYING));
    }

    @Test
    void illegalTransitionsAreRefusedAndGoneIsFinal() {
        Lifecycle l = new Lifecycle();
        assertFalse(l.to(Phase.READY), "no init yet");
        assertFalse(l.to(Phase.INVOKING));
        l.to(Phase.INITIALIZING);
        assertFalse(l.to(Phase.INVOKING), "an event is handed out only after the init");
        assertFalse(l.to(Phase.READY, Phase.INVOKING), "not READY");
        assertTrue(l.to(Phase.GONE));
        assertFalse(l.alive());
        for (Phase p : Phase.values()) {
            assertFalse(l.to(p), "GONE -> " + p);
        }
        assertEquals(Phase.GONE, l.phase());
    }
}
