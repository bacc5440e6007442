package tuning.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartHandlerTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kitEvent() {
        Path file = Path.of(System.getProperty("kit.events.dir"), "snapstart.json");
        return EventLoader.loadEvent(file.toString(), Map.class);
    }

    @Test
    void primingRunsOnlyWhenEnabledAndOnlyAtCheckpoint() throws Exception {
        SnapStartHandler primedHandler = new SnapStartHandler(true, "us-east-1");
        assertFalse(
                (Boolean) primedHandler.handleRequest(kitEvent(), null).get("primed"), "not primed before checkpoint");
        primedHandler.beforeCheckpoint(null);
        Map<String, Object> after = primedHandler.handleRequest(kitEvent(), null);
        assertTrue((Boolean) after.get("primed"));
        assertTrue((Boolean) after.get("primingEnabled"));

        SnapStartHandler plain = new SnapStartHandler(false, "us-east-1");
        plain.beforeCheckpoint(null);
        assertFalse((Boolean) plain.handleRequest(kitEvent(), null).get("primed"));
    }

    @Test
    void theRequestPathIsTheSameWorkWhetherPrimedOrNot() throws Exception {
        SnapStartHandler a = new SnapStartHandler(true, "eu-west-1");
        a.beforeCheckpoint(null);
        SnapStartHandler b = new SnapStartHandler(false, "eu-west-1");
        assertEquals(
                a.handleRequest(kitEvent(), null).get("work"),
                b.handleRequest(kitEvent(), null).get("work"));
    }
}
