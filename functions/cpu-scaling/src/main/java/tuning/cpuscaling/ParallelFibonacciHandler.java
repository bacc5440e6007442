package tuning.cpuscaling;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The parallel technique: splits scale-up's Fibonacci work over platform threads. Python's multiprocessing.Pool fails on
 * Lambda (no /dev/shm); Java threads need nothing of the kind, so this shows what a second vCPU buys: nothing below 1769 MB,
 * up to 2x at 3008 MB.
 *
 * <p>Event: {"iterations": N, "threads": T}; T defaults to the processors the JVM sees.
 */
public class ParallelFibonacciHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final int MAX_THREADS = 64;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long iterations = FibonacciWork.iterations(event);
        int processors = Runtime.getRuntime().availableProcessors();
        int threads = (int) EventFields.longField(event, "threads", processors, 1, MAX_THREADS);

        long start = System.nanoTime();
        long checksum = checksumOnThreads(iterations, threads);
        double elapsedMs = (System.nanoTime() - start) / 1_000_000.0;
        return CpuScalingResult.of(iterations, checksum, elapsedMs, threads);
    }

    static long checksumOnThreads(long iterations, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> parts = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                long from = iterations * t / threads;
                long to = iterations * (t + 1) / threads;
                parts.add(pool.submit(() -> FibonacciWork.checksum(from, to)));
            }
            long sum = 0;
            for (Future<Long> part : parts) {
                sum += part.get();
            }
            return sum;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the worker threads", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a worker thread failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
