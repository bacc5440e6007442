package tuning.jvmoptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
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
        // seed i after 100 steps is F(99) * i + F(100); for the seeds 0, 1, 2 that sums to F(99) * 3 + F(100) * 3,
        // whose low 64 bits are what the wrapping long sum holds
        BigInteger f99 = new BigInteger("218922995834555169026");
        BigInteger f100 = new BigInteger("354224848179261915075");
        long expected = f99.add(f100).multiply(BigInteger.valueOf(3)).longValue();
        assertEquals(expected, result.get("cpuChecksum"));
        assertFalse(result.containsKey("startupMs"));
    }

    @Test
    void unknownPathsAndBadIterationsAreNamed() {
        IllegalArgumentException path =
                assertThrows(IllegalArgumentException.class, () -> handler.handleRequest(Map.of("path", "warp"), null));
        assertTrue(path.getMessage().contains("'path'"), path.getMessage());
        for (Object bad : List.of(0, "x", 1.5)) {
            IllegalArgumentException it = assertThrows(
                    IllegalArgumentException.class,
                    () -> handler.handleRequest(Map.of("path", "cpu", "iterations", bad), null));
            assertTrue(it.getMessage().contains("'iterations'"), it.getMessage());
        }
    }
}
