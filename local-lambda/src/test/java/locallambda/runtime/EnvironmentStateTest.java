package locallambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import locallambda.runtime.EnvironmentState.Gone;
import locallambda.runtime.EnvironmentState.InitError;
import locallambda.runtime.EnvironmentState.InitRetrying;
import locallambda.runtime.EnvironmentState.Initializing;
import locallambda.runtime.EnvironmentState.Invoking;
import locallambda.runtime.EnvironmentState.Ready;
import locallambda.runtime.EnvironmentState.Returning;
import locallambda.runtime.EnvironmentState.Starting;
import org.junit.jupiter.api.Test;

class EnvironmentStateTest {
    private final Invocation inv = new Invocation("0123456789abcdef0123456789abcdef", new byte[0], null, "arn");
    private final Future<?> timer = new CompletableFuture<>();

    @Test
    void coldStartThenWarmInvocations() {
        EnvironmentState s = new Starting().launched(timer);
        assertSame(timer, s.timer(), "the init limit runs while initializing");
        s = s.polled(812.5);
        assertInstanceOf(Ready.class, s);
        assertEquals(812.5, s.initEnd().ms());
        s = s.handedOut(inv, timer);
        assertInstanceOf(Invoking.class, s);
        s = s.answered(false);
        assertInstanceOf(Returning.class, s);
        assertNull(s.handedOut(inv, timer), "no event before the runtime is back in GET /next");
        s = s.polled(0);
        assertInstanceOf(Ready.class, s);
        assertEquals(812.5, s.initEnd().ms(), "the init's figure stays with the environment");
    }

    @Test
    void anInitPastItsLimitIsRetriedInsideTheInvocation() {
        EnvironmentState s = new Initializing(timer).initTimedOut(inv, timer);
        assertInstanceOf(InitRetrying.class, s);
        assertNull(s.initTimedOut(inv, timer), "one retry only");
        s = s.polled(10_400);
        assertInstanceOf(Invoking.class, s, "the runtime gets the invocation its init ran in");
        assertNull(s.initEnd().ms(), "no Init Duration: the retried init is in the invocation's Duration");
        assertEquals(true, s.initEnd().retried());
    }

    @Test
    void movesAreRefusedUnlessTheStateAllowsThem() {
        assertNull(new Starting().polled(1), "no init yet");
        assertNull(new Initializing(timer).handedOut(inv, timer), "an event only after the init");
        assertNull(new Initializing(timer).answered(false));
        assertNull(new Ready(null).answered(false), "nothing to answer");
        assertNull(new Ready(null).initTimedOut(inv, timer));
        assertNull(new Invoking(null, inv, timer).handedOut(inv, timer), "one invocation at a time");
        assertNull(new Invoking(null, inv, timer).polled(1), "a runtime polling without answering gets nothing");
        assertNull(new Returning(null, inv, false).answered(false), "answered once");
    }

    @Test
    void everyStateEndsAndGoneIsFinal() {
        InitError error = new InitError(new byte[] {1}, "Runtime.Unknown");
        var retried = new InitRetrying(inv, timer);
        for (EnvironmentState s : List.of(
                new Starting(),
                new Initializing(timer),
                retried,
                new Ready(null),
                new Invoking(null, inv, timer),
                new Returning(null, inv, true))) {
            EnvironmentState gone = s.ended(error);
            assertInstanceOf(Gone.class, gone, s.toString());
            assertSame(error, ((Gone) gone).error());
        }
        assertEquals(true, retried.ended(null).initEnd().retried(), "a retried init stays retried when it dies");
        Gone gone = new Gone(null, null);
        assertNull(gone.ended(null));
        assertNull(gone.polled(1));
        assertNull(gone.handedOut(inv, timer));
        assertNull(gone.answered(false));
        assertNull(gone.launched(timer));
        assertNull(gone.initTimedOut(inv, timer));
    }
}
