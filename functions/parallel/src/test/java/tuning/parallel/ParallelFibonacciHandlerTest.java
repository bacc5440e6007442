package tuning.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParallelFibonacciHandlerTest {
    private final ParallelFibonacciHandler handler = new ParallelFibonacciHandler();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kitEvent() {
        Path file = Path.of(System.getProperty("kit.events.dir"), "parallel.json");
        return EventLoader.loadEvent(file.toString(), Map.class);
    }

    /** The single-thread sum as scale-up computes it, written out independently of FibonacciWork. */
    private static long singleThreadChecksum(long n) {
        long sum = 0;
        for (long i = 0; i < n; i++) {
            long a = i;
            long b = 1;
            for (int s = 0; s < 100; s++) {
                long c = a + b;
                a = b;
                b = c;
            }
            sum += a;
        }
        return sum;
    }

    @Test
    void kitEventUsesTheThreadsItAsksFor() {
        Map<String, Object> event = kitEvent();
        Map<String, Object> result = handler.handleRequest(event, null);
        assertEquals(((Number) event.get("threads")).intValue(), result.get("threads"));
        assertEquals(singleThreadChecksum(((Number) event.get("iterations")).longValue()), result.get("checksum"));
    }

    @Test
    void anySplitOverThreadsGivesTheSingleThreadChecksum() {
        for (long n : new long[] {1, 3, 1000, 99_991}) {
            long expected = singleThreadChecksum(n);
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
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> handler.handleRequest(Map.of("iterations", 10, "threads", bad), null));
            assertTrue(e.getMessage().contains("'threads'"), e.getMessage());
        }
    }
}
