package locallambda.runtime;

import java.util.Locale;
import locallambda.common.Json;

/**
 * START / END / REPORT lines as the managed runtime writes them to CloudWatch (tab-separated, trailing tab; Init Duration
 * after Max Memory Used and only on the first invocation of an environment) and the billing rule behind them: 1 ms
 * granularity, and since 1 Aug 2025 the INIT phase is billed too, so a cold start bills ceil(Duration + Init Duration).
 */
final class Report {
    private Report() {
    }

    static String start(String requestId, String version) {
        return "START RequestId: " + requestId + " Version: " + version;
    }

    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /** Billed duration in ms: ceil(duration) warm, ceil(duration + init) cold (initMs null = warm). */
    static long billedMs(double durationMs, Double initMs) {
        double total = durationMs + (initMs == null ? 0 : initMs);
        return Math.max(1, (long) Math.ceil(total - 1e-9));
    }

    /**
     * @param initMs     init duration, only for the first invocation of an environment (null otherwise)
     * @param status     null on success, else "error" or "timeout"
     * @param errorType  for status error, e.g. Runtime.ExitError (null to leave out)
     */
    static String report(String requestId, double durationMs, int memoryMb, long maxMemoryUsedMb, Double initMs,
                         String status, String errorType) {
        StringBuilder b = new StringBuilder(160);
        b.append("REPORT RequestId: ").append(requestId).append('\t');
        b.append("Duration: ").append(ms(durationMs)).append(" ms\t");
        b.append("Billed Duration: ").append(billedMs(durationMs, initMs)).append(" ms\t");
        b.append("Memory Size: ").append(memoryMb).append(" MB\t");
        b.append("Max Memory Used: ").append(maxMemoryUsedMb).append(" MB\t");
        if (initMs != null) {
            b.append("Init Duration: ").append(ms(initMs)).append(" ms\t");
        }
        if (status != null) {
            b.append("Status: ").append(status).append('\t');
            if (errorType != null) {
                b.append("Error Type: ").append(errorType).append('\t');
            }
        }
        // Lambda ends the status fields without the trailing tab; keep one trailing tab for the metrics-only form only.
        if (status != null) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    /** The JSON log format's platform.report record (LoggingConfig LogFormat: JSON). */
    static String reportJson(String requestId, double durationMs, int memoryMb, long maxMemoryUsedMb, Double initMs,
                             String status, String errorType, String isoTime) {
        var rec = Json.object();
        rec.put("requestId", requestId);
        var metrics = rec.putObject("metrics");
        metrics.put("durationMs", round2(durationMs));
        metrics.put("billedDurationMs", billedMs(durationMs, initMs));
        metrics.put("memorySizeMB", memoryMb);
        metrics.put("maxMemoryUsedMB", maxMemoryUsedMb);
        if (initMs != null) {
            metrics.put("initDurationMs", round2(initMs));
        }
        rec.put("status", status == null ? "success" : status);
        if (errorType != null) {
            rec.put("errorType", errorType);
        }
        var top = Json.object();
        top.put("time", isoTime);
        top.put("type", "platform.report");
        top.set("record", rec);
        return Json.write(top);
    }

    /** JSON log format platform events other than the report: platform.start, platform.runtimeDone. */
    static String platformJson(String type, String requestId, String isoTime, String status) {
        var rec = Json.object();
        rec.put("requestId", requestId);
        if (type.equals("platform.start")) rec.put("version", "$LATEST");
        if (status != null) rec.put("status", status);
        var top = Json.object();
        top.put("time", isoTime);
        top.put("type", type);
        top.set("record", rec);
        return Json.write(top);
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
