package tuning.cpuscaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FibonacciHandlerTest {
    private final FibonacciHandler handler = new FibonacciHandler();

    @Test
    void kitEventRunsTheLoopOnOneThread() {
        Map<String, Object> event = KitEvents.load("scale-up");
        Map<String, Object> result = handler.handleRequest(event, null);
        assertEquals(((Number) event.get("iterations")).longValue(), result.get("iterations"));
        assertEquals(1, result.get("threads"));
        assertTrue((Double) result.get("elapsedMs") > 0, "elapsedMs must be measured");
        assertEquals(Runtime.getRuntime().availableProcessors(), result.get("availableProcessors"));
    }

    @Test
    void checksumMatchesAnIndependentComputation() {
        for (long n : new long[] {1, 2, 7, 1000, 12345}) {
            Map<String, Object> result = handler.handleRequest(Map.of("iterations", n), null);
            assertEquals(ClosedFormChecksum.of(n), result.get("checksum"), "checksum for " + n + " iterations");
        }
    }

    @Test
    void missingIterationsUsesTheDefault() {
        Map<String, Object> result = handler.handleRequest(new HashMap<>(Map.of("unused", 1)), null);
        assertEquals(FibonacciWork.DEFAULT_ITERATIONS, result.get("iterations"));
    }

    @Test
    void badIterationsAreRejectedWithTheFieldName() {
        for (Object bad : new Object[] {0, -5, "many", 2.5, 3_000_000_000L}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> handler.handleRequest(Map.of("iterations", bad), null),
                    "iterations=" + bad);
            assertTrue(e.getMessage().contains("'iterations'"), e.getMessage());
        }
    }
}
