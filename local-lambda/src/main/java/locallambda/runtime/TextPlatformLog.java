package locallambda.runtime;

/**
 * The text log format, as the managed runtime writes it to CloudWatch: tab-separated fields; REPORT ends with a tab when
 * it carries metrics only, Init Duration comes after Max Memory Used and only on an environment's first invocation.
 */
final class TextPlatformLog implements PlatformLog {
    static final TextPlatformLog INSTANCE = new TextPlatformLog();

    private TextPlatformLog() {}

    @Override
    public String initStart(long at, String runtimeVersion, String runtimeVersionArn) {
        return "INIT_START Runtime Version: " + runtimeVersion + "\tRuntime Version ARN: " + runtimeVersionArn;
    }

    @Override
    public String initReport(long at, double durationMs, String phase, String status, String errorType) {
        return "INIT_REPORT Init Duration: " + Report.ms(durationMs) + " ms\tPhase: " + phase + "\tStatus: " + status
                + (errorType == null ? "" : "\tError Type: " + errorType);
    }

    @Override
    public String start(long at, String requestId, String version) {
        return "START RequestId: " + requestId + " Version: " + version;
    }

    @Override
    public String end(long at, String requestId, String status) {
        return "END RequestId: " + requestId;
    }

    @Override
    public String report(long at, ReportFigures f) {
        StringBuilder b = new StringBuilder(160);
        b.append("REPORT RequestId: ").append(f.requestId()).append('\t');
        b.append("Duration: ").append(Report.ms(f.durationMs())).append(" ms\t");
        b.append("Billed Duration: ").append(f.billedMs()).append(" ms\t");
        b.append("Memory Size: ").append(f.memoryMb()).append(" MB\t");
        b.append("Max Memory Used: ").append(f.maxMemoryUsedMb()).append(" MB\t");
        if (f.initMs() != null) {
            b.append("Init Duration: ").append(Report.ms(f.initMs())).append(" ms\t");
        }
        if (f.status() != null) {
            b.append("Status: ").append(f.status()).append('\t');
            if (f.errorType() != null) {
                b.append("Error Type: ").append(f.errorType()).append('\t');
            }
            // Lambda ends the status fields without the trailing tab; the metrics-only form keeps it
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }
}
