package tuning.cpuscaling;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The scale-up technique: runs the Fibonacci loop on a single thread and reports how long it took. On Lambda the CPU share
 * grows with memory up to one vCPU at 1769 MB, so the duration falls as 1/memory up to there and stays flat above: one
 * thread cannot use a second vCPU.
 *
 * <p>Event: {"iterations": N}. The default, 40,000,000, runs about one second (0.92 s measured) on one core of this kit's reference machine
 * with the Lambda runtime's JVM flags (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC).
 */
public class FibonacciHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long iterations = FibonacciWork.iterations(event);
        long start = System.nanoTime();
        long checksum = FibonacciWork.checksum(0, iterations);
        double elapsedMs = (System.nanoTime() - start) / 1_000_000.0;
        return CpuScalingResult.of(iterations, checksum, elapsedMs, 1);
    }
}
