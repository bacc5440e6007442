package report;

/**
 * One REPORT record of one invocation, from a text line or a JSON platform.report event. Durations in ms; Init Duration
 * and Restore Duration are null unless the invocation started a new execution environment (cold) or restored a snapshot.
 */
public record ReportLine(
        String requestId,
        double durationMs,
        double billedMs,
        int memorySizeMb,
        int maxMemoryUsedMb,
        Double initDurationMs,
        Double restoreDurationMs,
        Double billedRestoreMs,
        String status,
        String errorType,
        boolean initRetried) {

    /**
     * Cold: the invocation started a new environment. Usually its REPORT carries Init Duration (or Restore Duration);
     * when the init passed Lambda's 10 s limit it was retried inside the invocation (initRetried): no Init Duration, the
     * init is in Duration, and only the INIT_REPORT line before it in the log stream tells.
     */
    public boolean cold() {
        return initDurationMs != null || restoreDurationMs != null || initRetried;
    }

    ReportLine withInitRetried() {
        return new ReportLine(
                requestId,
                durationMs,
                billedMs,
                memorySizeMb,
                maxMemoryUsedMb,
                initDurationMs,
                restoreDurationMs,
                billedRestoreMs,
                status,
                errorType,
                true);
    }

    public boolean failed() {
        return status != null && !status.equals("success");
    }
}
