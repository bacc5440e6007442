package locallambda.runtime;

/**
 * The end of one invocation as Lambda logs it: START for an invocation that never reached the handler, the lines of a
 * timeout or of a runtime exit, then END and REPORT (Duration, Memory Size, Max Memory Used, Init Duration on the
 * environment's first REPORT, status and error type), in the environment's log format.
 *
 * <p>One per ExecutionEnvironment, called by the thread running that environment's current invocation; invocations of an
 * environment never overlap, and the Invoker hands an environment from thread to thread under its monitor, so
 * initReported needs no further guard (volatile all the same: it is cheap and the handoff is another class's promise).
 */
final class InvocationEnd {
    private final ExecutionEnvironment env;
    private final PlatformLog platform;
    private volatile boolean initReported; // Init Duration goes on the first REPORT only

    InvocationEnd(ExecutionEnvironment env, PlatformLog platform) {
        this.env = env;
        this.platform = platform;
    }

    /** Writes the invocation's closing lines, after its log channels were drained. */
    void finish(Invocation inv, Invocation.Outcome out) {
        long now = System.currentTimeMillis();
        if (inv.handedOutNanos == 0) {
            // never reached the handler (init failed or the runtime died during init): START after the init lines
            inv.handedOutNanos = out.atNanos();
            env.logInvocation(inv, now, platform.start(now, inv.requestId, env.fn.version));
        }
        double durationMs = (out.atNanos() - inv.handedOutNanos) / 1e6;
        switch (out.kind()) {
            case TIMEOUT -> {
                durationMs = env.timeoutSeconds * 1000.0;
                env.logInvocation(
                        inv, now, inv.timeoutLogLine != null ? inv.timeoutLogLine : inv.requestId + " Task timed out");
            }
            case EXIT -> {
                System.err.println("local-lambda: " + env.fn.name + " environment " + env.id + " died during "
                        + inv.requestId + ": " + env.exitMessage());
                env.logInvocation(inv, now, "RequestId: " + inv.requestId + " " + env.exitMessage());
                env.logInvocation(inv, now, "Runtime.ExitError");
            }
            default -> {}
        }
        Double init = initDurationForReport(out);
        if (out.kind() == Invocation.Kind.INIT_ERROR && env.initMs() == null) {
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
        env.logInvocation(inv, now, platform.end(now, inv.requestId, status));
        var figures = new ReportFigures(
                inv.requestId, durationMs, env.memoryMb, env.maxMemoryUsedMb(), init, status, errType);
        env.logInvocation(inv, now, platform.report(now, figures));
    }

    /** Init Duration goes on the environment's first REPORT only, and never after an init retried in the invoke. */
    private Double initDurationForReport(Invocation.Outcome out) {
        Double initMs = env.initMs();
        boolean initEnded = initMs != null || out.kind() == Invocation.Kind.INIT_ERROR || !env.alive();
        if (initReported || env.initRetried() || !initEnded) {
            return null;
        }
        initReported = true;
        // an init that ended without a GET /next (init error, runtime exit): measured up to the outcome
        return initMs != null ? initMs : (out.atNanos() - env.initStartNanos()) / 1e6;
    }
}
