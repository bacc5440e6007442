package locallambda.runtime;

import java.time.Instant;
import java.util.function.Supplier;
import locallambda.logs.LogStore;
import locallambda.sandbox.InitType;
import locallambda.template.FunctionConfig;

/**
 * One environment's log stream, as Lambda names and writes it: its platform lines (INIT_START, INIT_REPORT, START) in
 * the function's log format, and every line that arrives during an invocation also in that invocation's tail
 * (X-Amz-Log-Result).
 */
final class EnvironmentLog implements LogSink {
    final String stream;
    final PlatformLog platform;
    private final FunctionConfig fn;
    private final LogStore logs;
    private final Supplier<Invocation> inFlight;

    /** inFlight: the invocation in flight, whose tail a line joins once the invocation reached the handler. */
    EnvironmentLog(FunctionConfig fn, String environmentId, LogStore logs, Supplier<Invocation> inFlight) {
        this.fn = fn;
        this.logs = logs;
        this.inFlight = inFlight;
        this.platform = PlatformLog.of(fn.logFormat);
        this.stream = EnvironmentNames.logStream(Instant.now(), fn.version, environmentId);
    }

    void create() {
        logs.createStream(fn.logGroup, stream);
    }

    /** INIT_START, with the runtime version the managed runtime would name for this JDK. */
    void initStart(String jdkVersion, InitType initType) {
        long now = System.currentTimeMillis();
        String arn = JvmLaunch.runtimeVersionArn(jdkVersion);
        line(now, platform.initStart(now, JvmLaunch.runtimeVersion(fn.runtime), arn, initType));
    }

    /** INIT_REPORT: how long the init ran, in which phase, and how it ended. */
    void initReport(double ms, String phase, String status, String errorType) {
        long now = System.currentTimeMillis();
        line(now, platform.initReport(now, ms, phase, status, errorType));
    }

    /** START of an invocation reaching the handler. */
    void start(Invocation inv, long at) {
        invocation(inv, at, platform.start(at, inv.requestId, fn.version));
    }

    /** A line of this invocation, in the stream and its tail. */
    void invocation(Invocation inv, long ts, String line) {
        logs.append(fn.logGroup, stream, ts, line);
        inv.addTail(line);
    }

    /** A line of the stream (the runtime's output, a platform line); during an invocation also of its tail. */
    @Override
    public void event(long ts, String line) {
        line(ts, line);
    }

    void line(long ts, String line) {
        logs.append(fn.logGroup, stream, ts, line);
        Invocation inv = inFlight.get();
        if (inv != null && inv.handedOutNanos != 0) {
            inv.addTail(line);
        }
    }
}
