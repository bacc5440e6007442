package locallambda.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import locallambda.common.Json;
import locallambda.sandbox.InitType;

/**
 * The JSON log format: each platform line is one {"time", "type", "record"} object (platform.initStart,
 * platform.initReport, platform.start, platform.runtimeDone, platform.report), durations rounded to 0.01 ms.
 */
final class JsonPlatformLog implements PlatformLog {
    static final JsonPlatformLog INSTANCE = new JsonPlatformLog();

    private JsonPlatformLog() {}

    @Override
    public String initStart(long at, String runtimeVersion, String runtimeVersionArn) {
        return initStart(at, runtimeVersion, runtimeVersionArn, InitType.ON_DEMAND);
    }

    @Override
    public String initStart(long at, String runtimeVersion, String runtimeVersionArn, InitType initType) {
        ObjectNode rec = Json.object();
        rec.put("initializationType", initType.label);
        rec.put("phase", "init");
        rec.put("runtimeVersion", runtimeVersion);
        rec.put("runtimeVersionArn", runtimeVersionArn);
        return event("platform.initStart", at, rec);
    }

    @Override
    public String initReport(long at, double durationMs, String phase, String status, String errorType) {
        ObjectNode rec = Json.object();
        rec.put("initializationType", "on-demand");
        rec.put("phase", phase);
        rec.put("status", status);
        if (errorType != null) {
            rec.put("errorType", errorType);
        }
        rec.putObject("metrics").put("durationMs", round2(durationMs));
        return event("platform.initReport", at, rec);
    }

    /** platform.start names $LATEST whatever the version (as observed on Lambda's JSON records). */
    @Override
    public String start(long at, String requestId, String version) {
        ObjectNode rec = Json.object();
        rec.put("requestId", requestId);
        rec.put("version", "$LATEST");
        return event("platform.start", at, rec);
    }

    @Override
    public String end(long at, String requestId, String status) {
        ObjectNode rec = Json.object();
        rec.put("requestId", requestId);
        rec.put("status", status == null ? "success" : status);
        return event("platform.runtimeDone", at, rec);
    }

    @Override
    public String report(long at, ReportFigures f) {
        ObjectNode rec = Json.object();
        rec.put("requestId", f.requestId());
        ObjectNode metrics = rec.putObject("metrics");
        metrics.put("durationMs", round2(f.durationMs()));
        metrics.put("billedDurationMs", f.billedMs());
        metrics.put("memorySizeMB", f.memoryMb());
        metrics.put("maxMemoryUsedMB", f.maxMemoryUsedMb());
        if (f.initMs() != null) {
            metrics.put("initDurationMs", round2(f.initMs()));
        }
        rec.put("status", f.status() == null ? "success" : f.status());
        if (f.errorType() != null) {
            rec.put("errorType", f.errorType());
        }
        return event("platform.report", at, rec);
    }

    private static String event(String type, long at, ObjectNode record) {
        ObjectNode o = Json.object();
        o.put("time", Instant.ofEpochMilli(at).toString());
        o.put("type", type);
        o.set("record", record);
        return Json.write(o);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
