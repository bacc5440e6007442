package tuning.jvmoptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmOptionsHandlerTest {
    private final JvmOptionsHandler handler = new JvmOptionsHandler();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kitEvent() {
        Path file = Path.of(System.getProperty("kit.events.dir"), "jvm-options.json");
        return EventLoader.loadEvent(file.toString(), Map.class);
    }

    @Test
    void kitEventRunsBothPathsAndShowsTheFlags() {
        Map<String, Object> result = handler.handleRequest(kitEvent(), null);
        assertTrue(result.containsKey("startupMs") && result.containsKey("cpuMs"), result.toString());
        assertEquals(ManagementFactory.getRuntimeMXBean().getInputArguments(), result.get("inputArguments"));
    }

    @Test
    void startupPathIsDeterministicAndEqualToTheInitRun() {
        Map<String, Object> result = handler.handleRequest(Map.of("path", "startup"), null);
        assertEquals(result.get("startupChecksumAtInit"), result.get("startupChecksum"));
        assertFalse(result.containsKey("cpuMs"));
        assertTrue((Long) result.get("startupChecksum") > 0);
    }

    @Test
    void cpuPathRunsTheFibonacciLoop() {
        Map<String, Object> result = handler.handleRequest(Map.of("path", "cpu", "iterations", 3), null);
        // seeds 0, 1, 2 after 100 steps: F(99)*i + F(100) summed; computed here with the recurrence
        long expected = 0;
        for (long i = 0; i < 3; i++) {
            long a = i;
            long b = 1;
            for (int s = 0; s < 100; s++) {
                long c = a + b;
                a = b;
                b = c;
            }
            expected += a;
        }
        assertEquals(expected, result.get("cpuChecksum"));
        assertFalse(result.containsKey("startupMs"));
    }

    @Test
    void unknownPathsAndBadIterationsAreNamed() {
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> handler.handleRequest(Map.of("path", "warp"), null));
        assertTrue(path.getMessage().contains("'path'"), path.getMessage());
        for (Object bad : List.of(0, "x", 1.5)) {
            IllegalArgumentException it = assertThrows(IllegalArgumentException.class,
                    () -> handler.handleRequest(Map.of("path", "cpu", "iterations", bad), null));
            assertTrue(it.getMessage().contains("'iterations'"), it.getMessage());
        }
    }
}
