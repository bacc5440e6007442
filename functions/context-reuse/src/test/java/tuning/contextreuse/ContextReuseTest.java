package tuning.contextreuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextReuseTest {
    private static final ResourceSettings SHORT_SLEEP = new ResourceSettings("sleep", 30, "us-east-1");
    private static final ResourceSettings CLIENT = new ResourceSettings("s3-client", 0, "eu-west-1");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kitEvent() {
        Path file = Path.of(System.getProperty("kit.events.dir"), "context-reuse.json");
        return EventLoader.loadEvent(file.toString(), Map.class);
    }

    @Test
    void oncePerEnvironmentReusesTheSameObject() {
        InitOncePerEnvironmentHandler handler = new InitOncePerEnvironmentHandler(SHORT_SLEEP);
        Map<String, Object> first = handler.handleRequest(kitEvent(), null);
        Map<String, Object> second = handler.handleRequest(kitEvent(), null);
        assertEquals(
                first.get("createdAt"), second.get("createdAt"), "a warm call must see the object of the cold one");
        assertFalse((Boolean) first.get("reused"));
        assertTrue((Boolean) second.get("reused"));
        assertEquals(2L, second.get("invocationInEnvironment"));
        assertTrue((Double) second.get("handlerMs") < 30, "the warm call must not sleep again: " + second);
    }

    @Test
    void perInvocationBuildsANewObjectEveryTime() throws InterruptedException {
        InitPerInvocationHandler handler = new InitPerInvocationHandler(SHORT_SLEEP);
        Map<String, Object> first = handler.handleRequest(kitEvent(), null);
        Map<String, Object> second = handler.handleRequest(kitEvent(), null);
        assertNotEquals(first.get("createdAt"), second.get("createdAt"));
        assertFalse((Boolean) second.get("reused"));
        assertTrue((Double) second.get("handlerMs") >= 30, "every call pays the sleep: " + second);
    }

    @Test
    void theRealCostIsAnS3ClientBuiltWithoutNetwork() {
        InitOncePerEnvironmentHandler handler = new InitOncePerEnvironmentHandler(CLIENT);
        Map<String, Object> result = handler.handleRequest(kitEvent(), null);
        assertEquals("s3-client", result.get("resource"));
        assertTrue((Double) result.get("creationMs") > 0);
    }

    @Test
    void badSettingsNameTheVariable() {
        IllegalArgumentException kind = assertThrows(
                IllegalArgumentException.class,
                () -> ResourceSettings.fromEnvironment(Map.of("EXPENSIVE_RESOURCE", "database")));
        assertTrue(kind.getMessage().contains("EXPENSIVE_RESOURCE"), kind.getMessage());
        IllegalArgumentException sleep = assertThrows(
                IllegalArgumentException.class, () -> ResourceSettings.fromEnvironment(Map.of("SLEEP_MS", "soon")));
        assertTrue(sleep.getMessage().contains("SLEEP_MS"), sleep.getMessage());
    }

    @Test
    void defaultsAreTheTalksTwoSecondSleep() {
        ResourceSettings settings = ResourceSettings.fromEnvironment(Map.of());
        assertEquals("sleep", settings.kind());
        assertEquals(2000, settings.sleepMs());
    }
}
