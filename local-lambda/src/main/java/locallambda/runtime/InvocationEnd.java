package locallambda.runtime;

/**
 * The end of one invocation as Lambda logs it: START for an invocation that never reached the handler, the lines of a
 * timeout or of a runtime exit, then END and REPORT (Duration, Memory Size, Max Memory Used, Init Duration on the
 * environment's first REPORT, status and error type), in the environment's log format. Knows nothing of the
 * environment but the facts it is handed.
 */
final class InvocationEnd {
    /**
     * What the closing lines say of the environment, read when the invocation ended.
     *
     * @param initDuration the Init Duration this REPORT carries (the environment's first), or null
     * @param initCompleted the init ended in a GET /next (else an init error has no Duration of its own)
     * @param outOfMemory the JVM was killed for memory (read for a runtime exit only)
     * @param exitMessage how the runtime exited ("Error: Runtime exited with error: ..."); null unless it exited
     */
    record Facts(
            String function,
            String version,
            String environmentId,
            int memoryMb,
            int timeoutSeconds,
            Double initDuration,
            boolean initCompleted,
            boolean outOfMemory,
            String exitMessage,
            long maxMemoryUsedMb) {}

    /** Where the lines go: the environment's log stream and the invocation's tail. */
    interface Lines {
        void log(Invocation inv, long epochMs, String line);
    }

    private final PlatformLog platform;

    InvocationEnd(PlatformLog platform) {
        this.platform = platform;
    }

    /** Writes the invocation's closing lines, after its log channels were drained. */
    void finish(Invocation inv, Invocation.Outcome out, Facts env, Lines lines) {
        long now = System.currentTimeMillis();
        if (inv.handedOutNanos == 0) {
            // never reached the handler (init failed or the runtime died during init): START after the init lines
            inv.handedOutNanos = out.atNanos();
            lines.log(inv, now, platform.start(now, inv.requestId, env.version()));
        }
        double durationMs = (out.atNanos() - inv.handedOutNanos) / 1e6;
        switch (out.kind()) {
            case TIMEOUT -> {
                durationMs = env.timeoutSeconds() * 1000.0;
                lines.log(
                        inv, now, inv.timeoutLogLine != null ? inv.timeoutLogLine : inv.requestId + " Task timed out");
            }
            case EXIT -> {
                System.err.println("local-lambda: " + env.function() + " environment " + env.environmentId()
                        + " died during " + inv.requestId + ": " + env.exitMessage());
                lines.log(inv, now, "RequestId: " + inv.requestId + " " + env.exitMessage());
                lines.log(inv, now, "Runtime.ExitError");
            }
            default -> {}
        }
        if (out.kind() == Invocation.Kind.INIT_ERROR && !env.initCompleted()) {
            durationMs = 0;
        }
        String status = switch (out.kind()) {
            case SUCCESS, FUNCTION_ERROR -> null;
            case TIMEOUT -> "timeout";
            default -> "error";
        };
        String errType = status == null || status.equals("timeout") ? null : out.reportErrorType();
        // a JVM killed for memory: the caller still gets Runtime.ExitError, the REPORT line says Runtime.OutOfMemory
        if (out.kind() == Invocation.Kind.EXIT && env.outOfMemory()) {
            errType = "Runtime.OutOfMemory";
        }
        lines.log(inv, now, platform.end(now, inv.requestId, status));
        var figures = new ReportFigures(
                inv.requestId, durationMs, env.memoryMb(), env.maxMemoryUsedMb(), env.initDuration(), status, errType);
        lines.log(inv, now, platform.report(now, figures));
    }
}
