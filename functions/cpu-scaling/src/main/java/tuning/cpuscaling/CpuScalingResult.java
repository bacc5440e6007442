package tuning.cpuscaling;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields both handlers answer with, so the report can set parallel's durations beside scale-up's. */
final class CpuScalingResult {
    private CpuScalingResult() {}

    static Map<String, Object> of(long iterations, long checksum, double elapsedMs, int threads) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("iterations", iterations);
        result.put("checksum", checksum);
        result.put("elapsedMs", elapsedMs);
        result.put("threads", threads);
        result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        return result;
    }
}
