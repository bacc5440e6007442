package tuning.jvmoptions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One handler, deployed with different JAVA_TOOL_OPTIONS: the runtime's default (C1 only, TieredStopAtLevel=1), full tiered
 * compilation (C1 then C2) and C2 only. Init runs the start-up-heavy path once, so Init Duration shows what the JIT setting
 * does to a cold start; the event picks what the invocation runs: "startup", "cpu" or "both" (default).
 */
public class JvmOptionsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final int STARTUP_ORDERS = 2_000;
    static final long DEFAULT_CPU_ITERATIONS = 20_000_000L;
    private static final long INIT_RESULT = StartupHeavyWork.run(STARTUP_ORDERS);

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object rawPath = event == null ? null : event.get("path");
        String path = rawPath == null ? "both" : rawPath.toString();
        if (!path.equals("startup") && !path.equals("cpu") && !path.equals("both")) {
            throw new IllegalArgumentException("'path' must be \"startup\", \"cpu\" or \"both\", got: " + rawPath);
        }
        long iterations = iterations(event);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("path", path);
        if (!path.equals("cpu")) {
            timed(result, "startup", () -> StartupHeavyWork.run(STARTUP_ORDERS));
            result.put("startupChecksumAtInit", INIT_RESULT);
        }
        if (!path.equals("startup")) {
            timed(result, "cpu", () -> CpuHeavyWork.run(iterations));
            result.put("cpuIterations", iterations);
        }
        // which flags really ran: the launcher's arguments include what JAVA_TOOL_OPTIONS added
        result.put("inputArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        result.put("javaToolOptions", System.getenv("JAVA_TOOL_OPTIONS"));
        return result;
    }

    /** Runs one path's work and records its wall time as NAMEMs and its result as NAMEChecksum. */
    private static void timed(Map<String, Object> result, String name, LongSupplier work) {
        long start = System.nanoTime();
        long checksum = work.getAsLong();
        result.put(name + "Ms", (System.nanoTime() - start) / 1_000_000.0);
        result.put(name + "Checksum", checksum);
    }

    private static long iterations(Map<String, Object> event) {
        Object raw = event == null ? null : event.get("iterations");
        if (raw == null) {
            return DEFAULT_CPU_ITERATIONS;
        }
        if (!(raw instanceof Number n)
                || n.longValue() < 1
                || n.longValue() > 2_000_000_000L
                || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("'iterations' must be a whole number from 1 to 2000000000, got: " + raw);
        }
        return n.longValue();
    }
}
