package report;

/**
 * One REPORT record of one invocation, from a text line or a JSON platform.report event. Durations in ms; Init Duration
 * and Restore Duration are null unless the invocation started a new execution environment (cold) or restored a snapshot.
 */
public record ReportLine(String requestId, double durationMs, double billedMs, int memorySizeMb, int maxMemoryUsedMb,
        Double initDurationMs, Double restoreDurationMs, Double billedRestoreMs, String status, String errorType) {

    public boolean cold() {
        return initDurationMs != null || restoreDurationMs != null;
    }

    public boolean failed() {
        return status != null && !status.equals("success");
    }
}
