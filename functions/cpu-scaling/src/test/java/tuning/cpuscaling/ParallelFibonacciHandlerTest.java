package tuning.cpuscaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParallelFibonacciHandlerTest {
    private final ParallelFibonacciHandler handler = new ParallelFibonacciHandler();
    private final FibonacciHandler scaleUp = new FibonacciHandler();

    @Test
    void kitEventUsesTheThreadsItAsksFor() {
        Map<String, Object> event = KitEvents.load("parallel");
        Map<String, Object> result = handler.handleRequest(event, null);
        assertEquals(((Number) event.get("threads")).intValue(), result.get("threads"));
        assertEquals(ClosedFormChecksum.of(((Number) event.get("iterations")).longValue()), result.get("checksum"));
    }

    @Test
    void anySplitOverThreadsGivesTheSingleThreadChecksum() {
        for (long n : new long[] {1, 3, 1000, 99_991}) {
            Object expected =
                    scaleUp.handleRequest(Map.of("iterations", n), null).get("checksum");
            for (int threads : new int[] {1, 2, 3, 7, 16}) {
                Map<String, Object> result = handler.handleRequest(Map.of("iterations", n, "threads", threads), null);
                assertEquals(expected, result.get("checksum"), n + " iterations on " + threads + " threads");
            }
        }
    }

    @Test
    void threadsDefaultToTheVisibleProcessors() {
        Map<String, Object> result = handler.handleRequest(Map.of("iterations", 10), null);
        assertEquals(Runtime.getRuntime().availableProcessors(), result.get("threads"));
    }

    @Test
    void badThreadCountsAreRejectedWithTheFieldName() {
        for (Object bad : new Object[] {0, 65, "two"}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> handler.handleRequest(Map.of("iterations", 10, "threads", bad), null));
            assertTrue(e.getMessage().contains("'threads'"), e.getMessage());
        }
    }
}
