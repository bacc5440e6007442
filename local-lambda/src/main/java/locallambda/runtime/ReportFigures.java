package locallambda.runtime;

/**
 * What one REPORT line says about an invocation, whatever the log format: InvocationEnd measures these, a PlatformLog
 * writes them out.
 *
 * @param initMs    init duration, only for the first invocation of an environment (null otherwise)
 * @param status    null on success, else "error" or "timeout"
 * @param errorType for status error, e.g. Runtime.ExitError (null to leave out)
 */
record ReportFigures(
        String requestId,
        double durationMs,
        int memoryMb,
        long maxMemoryUsedMb,
        Double initMs,
        String status,
        String errorType) {

    /** The billed duration of these figures (Report's rule: the init of a cold start is billed too). */
    long billedMs() {
        return Report.billedMs(durationMs, initMs);
    }
}
