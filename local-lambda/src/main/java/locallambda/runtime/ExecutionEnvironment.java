package locallambda.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import locallambda.runtime.Lifecycle.Phase;
import locallambda.template.FunctionConfig;

/**
 * One execution environment: one child JVM started as the managed Java runtime starts it (RIC main class, handler as
 * argument, working directory = the artifact) inside its sandbox (JvmLaunch), its own Runtime API server, its cgroups,
 * its log stream (LogChannels, PlatformLog). Serves one invocation at a time; its phases are a Lifecycle; it dies on
 * timeout, runtime exit or init error (the next invocation is then cold). This class holds the phase logic only: what
 * the environment took from the host (server, cgroups, channels, /tmp, the JVM) is held and released once by
 * EnvironmentResources, and the END/REPORT lines are InvocationEnd's.
 *
 * <p>Threads: the invoking thread (invoke), the Runtime API threads (next/response/error/initError), the timer threads
 * (init limit, invocation timeout, RSS watch) and the process exit callback all touch it: shared fields are volatile,
 * the phase is a Lifecycle, and each ending (timeout, exit, init error) completes the invocation's outcome at most once.
 */
public final class ExecutionEnvironment implements RuntimeApiServer.Handler {
    private static final long INIT_LIMIT_MS = 10_000;

    final String id = EnvironmentNames.newId();
    // the configuration this environment was started with (immutable; an update makes a new one)
    final FunctionConfig fn;
    final int memoryMb;
    final int timeoutSeconds;
    final String logStream;
    private final Path artifact;
    private final EnvironmentHost host;
    private final PlatformLog platform;
    private final InvocationEnd ending;
    private final Lifecycle lifecycle = new Lifecycle();
    private final EnvironmentResources resources;

    private final LinkedBlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private volatile Invocation current;
    private volatile Invocation tooLarge; // last invocation whose response was too large (its later /error is ignored)
    private volatile long startNanos;
    private volatile Double initMs; // set at the first GET /next (stays null for an init retried in the invoke)
    private volatile byte[] initErrorBody;
    private volatile String initErrorType;
    private volatile ScheduledFuture<?> timer;
    volatile long lastUsedNanos = System.nanoTime();
    volatile boolean retire;

    /** Starts an environment of fn; one that fails to start gives back what it took before it throws. */
    public static ExecutionEnvironment start(FunctionConfig fn, Path artifact, EnvironmentHost host)
            throws IOException {
        ExecutionEnvironment env = new ExecutionEnvironment(fn, artifact, host);
        try {
            env.launch();
        } catch (IOException | RuntimeException | Error e) {
            env.destroy();
            env.cleanup();
            throw e;
        }
        return env;
    }

    private ExecutionEnvironment(FunctionConfig fn, Path artifact, EnvironmentHost host) {
        this.fn = fn;
        this.memoryMb = fn.memoryMb;
        this.timeoutSeconds = fn.timeoutSeconds;
        this.artifact = artifact;
        this.host = host;
        this.platform = PlatformLog.of(fn.logFormat);
        this.ending = new InvocationEnd(this, platform);
        this.resources = new EnvironmentResources(memoryMb, host, this::logLine);
        this.logStream = EnvironmentNames.logStream(Instant.now(), fn.version, id);
    }

    boolean alive() {
        return lifecycle.alive();
    }

    boolean initialized() {
        return lifecycle.initialized();
    }

    /** Starts the JVM; it runs its init and then waits in GET /next. */
    private void launch() throws IOException {
        host.logs().createStream(fn.logGroup, logStream);
        resources.take(id, memoryMb, (int) (INIT_LIMIT_MS + timeoutSeconds * 1000L + 5_000L), this);
        resources.prepareLaunch(fn, artifact, logStream);
        logInitStart();
        startNanos = System.nanoTime();
        lifecycle.to(Phase.INITIALIZING);
        resources.launch(this::onExit, this::alive);
        // init limit: on-demand init gets 10 s; past that Lambda retries it inside the first invoke, within the timeout
        scheduleInitLimit(INIT_LIMIT_MS);
    }

    private void logInitStart() {
        long now = System.currentTimeMillis();
        String arn = JvmLaunch.runtimeVersionArn(host.jdk().version());
        logLine(now, platform.initStart(now, JvmLaunch.runtimeVersion(fn.runtime), arn));
    }

    private void scheduleInitLimit(long delayMs) {
        schedule(
                () -> {
                    if (lifecycle.phase() == Phase.INITIALIZING) {
                        onInitTimeout();
                    }
                },
                delayMs);
    }

    /**
     * The runtime did not reach /next within 10 s. Lambda logs the init timeout, then retries the init at the first
     * invocation with the function's own timeout; that second init is part of the invoke (in Duration, no Init Duration).
     */
    private synchronized void onInitTimeout() {
        if (lifecycle.phase() != Phase.INITIALIZING) {
            return;
        }
        double ms = (System.nanoTime() - initStartNanos()) / 1e6;
        if (ms < INIT_LIMIT_MS) {
            // the timer ran from the spawn; the 10 s count from the runtime's start, a few ms later
            scheduleInitLimit((long) Math.ceil(INIT_LIMIT_MS - ms) + 1);
            return;
        }
        // the retried init is part of the invoke phase on Lambda: throttled to the memory share from here, no boost
        resources.group().enterInvokePhase();
        long now = System.currentTimeMillis();
        logLine(now, platform.initReport(now, ms, "init", "timeout", null));
        if (!lifecycle.to(Phase.INITIALIZING, Phase.INIT_RETRYING)) {
            return;
        }
        // the replaced JVM's exit is not the environment's death
        resources.killJvm(resources.detachProcess());
        Invocation inv = current;
        if (inv == null || inv.outcome.isDone()) {
            destroy();
            return;
        }
        handOut(inv, now);
        logInitStart();
        try {
            resources.launch(this::onExit, this::alive);
        } catch (IOException e) {
            lifecycle.to(Phase.GONE);
            fail(inv);
        }
    }

    /** The invocation reaches the handler: START, its deadline and its timeout timer. */
    private void handOut(Invocation inv, long at) {
        inv.handedOutNanos = System.nanoTime();
        inv.deadlineEpochMs = at + timeoutSeconds * 1000L;
        logInvocation(inv, at, platform.start(at, inv.requestId, fn.version));
        schedule(() -> onTimeout(inv, timeoutSeconds * 1000L), timeoutSeconds * 1000L);
    }

    /** The environment's one timer: the init limit until GET /next, then the handed-out invocation's timeout. */
    private void schedule(Runnable task, long delayMs) {
        timer = host.timers().schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Where Init Duration starts: the runtime process's start (the wrapper's fd 3 connection), else the spawn. */
    long initStartNanos() {
        long connected = resources.channels.telemetryConnectedNanos();
        return connected > startNanos ? connected : startNanos;
    }

    /** Out of memory: the memory cgroup's OOM killer or the RSS watcher ended the JVM. */
    boolean outOfMemory() {
        return resources.outOfMemory();
    }

    /** Runs one invocation to its end and writes its START/END/REPORT lines. Blocks. */
    Invocation.Outcome invoke(Invocation inv) {
        current = inv;
        inv.deadlineEpochMs = System.currentTimeMillis() + (initialized() ? 0 : INIT_LIMIT_MS) + timeoutSeconds * 1000L;
        queue.add(inv);
        if (!alive()) {
            fail(inv);
        }
        Invocation.Outcome out = awaitOutcome(inv);
        cancelTimer();
        resources.channels.drain();
        ending.finish(inv, out);
        current = null;
        lifecycle.to(Phase.INVOKING, Phase.READY);
        lastUsedNanos = System.nanoTime();
        return out;
    }

    /** Bounded even if a live runtime never polls again (the timeout timer starts only when the event is handed out). */
    private Invocation.Outcome awaitOutcome(Invocation inv) {
        try {
            long limitMs = INIT_LIMIT_MS + 2L * timeoutSeconds * 1000L + 10_000L;
            try {
                return inv.outcome.get(limitMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (inv.handedOutNanos == 0) {
                    inv.handedOutNanos = System.nanoTime();
                }
                onTimeout(inv, timeoutSeconds * 1000L);
                return inv.outcome.get();
            }
        } catch (Exception e) {
            byte[] body = RuntimeErrors.body(RuntimeErrors.UNKNOWN, e.toString());
            return new Invocation.Outcome(Invocation.Kind.EXIT, body, RuntimeErrors.UNKNOWN, System.nanoTime());
        }
    }

    /** Init Duration so far: set at the first GET /next; null before, and for an init retried in the invoke. */
    Double initMs() {
        return initMs;
    }

    /** The init timed out and is being (or was) retried inside the first invocation. */
    boolean initRetried() {
        return lifecycle.reached(Phase.INIT_RETRYING);
    }

    String exitMessage() {
        return RuntimeExit.message(resources.process(), outOfMemory());
    }

    /** Max Memory Used: the environment's lifetime peak, in MB. */
    long maxMemoryUsedMb() {
        return resources.maxMemoryUsedMb();
    }

    // ---- Runtime API callbacks

    @Override
    public Invocation next() throws InterruptedException {
        Phase before = lifecycle.phase();
        if ((before == Phase.INITIALIZING || before == Phase.INIT_RETRYING) && lifecycle.to(before, Phase.READY)) {
            // the init phase ends here: from now on the environment runs at its memory share (see CpuShare)
            resources.group().enterInvokePhase();
            if (before == Phase.INITIALIZING) {
                // Lambda's Init Duration starts with the runtime process, after the sandbox exists. Here that is when
                // the wrapper, inside its cgroups and mount namespace, connects fd 3 just before it execs the JVM.
                initMs = (System.nanoTime() - initStartNanos()) / 1e6;
                cancelTimer();
            }
        }
        while (alive()) {
            Invocation inv = queue.poll(500, TimeUnit.MILLISECONDS);
            if (inv == null || inv.outcome.isDone()) {
                continue;
            }
            lifecycle.to(Phase.READY, Phase.INVOKING);
            if (inv.handedOutNanos == 0) {
                handOut(inv, System.currentTimeMillis());
            }
            // else: init retried inside this invoke, START and timer already set
            return inv;
        }
        return null;
    }

    @Override
    public boolean response(String requestId, byte[] body, boolean tooLarge) {
        Invocation inv = current;
        if (inv == null || !inv.requestId.equals(requestId) || inv.outcome.isDone()) {
            return false;
        }
        if (tooLarge) {
            this.tooLarge = inv;
            inv.complete(Invocation.Kind.TOO_LARGE, RuntimeErrors.responseTooLarge(), RuntimeErrors.TOO_LARGE);
            return true;
        }
        return inv.complete(Invocation.Kind.SUCCESS, body, null);
    }

    @Override
    public boolean error(String requestId, byte[] body, String errorType) {
        Invocation big = tooLarge;
        if (big != null && big.requestId.equals(requestId)) {
            return true; // the runtime reports the 413 it got: already handled
        }
        Invocation inv = current;
        if (inv == null || !inv.requestId.equals(requestId) || inv.outcome.isDone()) {
            return false;
        }
        return inv.complete(
                Invocation.Kind.FUNCTION_ERROR, body, errorType == null ? RuntimeErrors.UNKNOWN : errorType);
    }

    @Override
    public void initError(byte[] body, String errorType) {
        initErrorBody = body;
        initErrorType = errorType == null || !errorType.startsWith("Runtime.") ? RuntimeErrors.UNKNOWN : errorType;
        long now = System.currentTimeMillis();
        double ms = (System.nanoTime() - initStartNanos()) / 1e6;
        String phase = lifecycle.reached(Phase.INIT_RETRYING) ? "invoke" : "init";
        logLine(now, platform.initReport(now, ms, phase, "error", initErrorType));
        Invocation inv = current;
        if (inv != null) {
            inv.complete(Invocation.Kind.INIT_ERROR, body, initErrorType);
        }
        destroy();
    }

    @Override
    public long runtimePid() {
        return resources.pid();
    }

    // ---- ends

    private void onTimeout(Invocation inv, long afterMs) {
        if (inv == null || inv.outcome.isDone()) {
            if (inv == null && !lifecycle.initialized()) {
                destroy(); // init hung with nobody waiting
            }
            return;
        }
        long now = System.currentTimeMillis();
        String after = RuntimeErrors.taskTimedOut(afterMs);
        if (lifecycle.reached(Phase.INIT_RETRYING) && !lifecycle.initialized() && inv.handedOutNanos != 0) {
            logLine(
                    now,
                    platform.initReport(
                            now, (System.nanoTime() - inv.handedOutNanos) / 1e6, "invoke", "timeout", null));
        }
        // The log gets "<time> <id> Task timed out after ...";
        // the caller gets "RequestId: <id> Error: Task timed out after ...".
        inv.timeoutLogLine = Instant.ofEpochMilli(now) + " " + inv.requestId + " " + after;
        inv.complete(Invocation.Kind.TIMEOUT, RuntimeErrors.timedOut(inv.requestId, after), RuntimeErrors.TIMED_OUT);
        destroy();
    }

    private void onExit() {
        lifecycle.to(Phase.GONE);
        Invocation inv = current;
        if (inv != null) {
            fail(inv);
        }
        if (current == null) {
            cleanup();
        }
    }

    private void fail(Invocation inv) {
        if (initErrorBody != null) {
            inv.complete(Invocation.Kind.INIT_ERROR, initErrorBody, initErrorType);
        } else {
            inv.complete(Invocation.Kind.EXIT, RuntimeErrors.exited(inv.requestId, exitMessage()), RuntimeErrors.EXIT);
        }
    }

    /** Kills the JVM (and waits for it); with no invocation in flight, gives back the resources (cleanup). Idempotent. */
    public void destroy() {
        lifecycle.to(Phase.GONE);
        if (resources.jvmAlive()) {
            resources.killJvm(resources.process());
        }
        if (current == null) {
            cleanup();
        }
    }

    /** Called once the process is gone and no invocation is in flight: gives back what the environment took, once. */
    public void cleanup() {
        if (resources.jvmAlive()) {
            destroy();
            return;
        }
        resources.release();
    }

    /** After the invocation ended: when the environment died, release its resources. */
    void afterInvocation() {
        if (!alive()) {
            destroy();
            cleanup();
        }
    }

    // ---- logs

    void logInvocation(Invocation inv, long ts, String line) {
        host.logs().append(fn.logGroup, logStream, ts, line);
        inv.addTail(line);
    }

    /** A line of the environment's log stream; during an invocation also of its tail (X-Amz-Log-Result). */
    private void logLine(long ts, String line) {
        host.logs().append(fn.logGroup, logStream, ts, line);
        Invocation inv = current;
        if (inv != null && inv.handedOutNanos != 0) {
            inv.addTail(line);
        }
    }
}
