package locallambda.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import locallambda.common.Json;
import locallambda.logs.LogStore;
import locallambda.runtime.Lifecycle.Phase;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.ChildEnvironment;
import locallambda.sandbox.EnvironmentGroup;
import locallambda.sandbox.JdkResolver;
import locallambda.sandbox.RuntimeCommand;
import locallambda.sandbox.SandboxCommand;
import locallambda.sandbox.TmpIsolation;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;

/**
 * One execution environment: one child JVM started as the managed Java runtime starts it (RIC main class, handler as
 * argument, working directory = the artifact) inside its sandbox (SandboxCommand), its own Runtime API server, its
 * cgroups, its log stream (LogChannels, PlatformLog). Serves one invocation at a time; its phases are a Lifecycle; it
 * dies on timeout, runtime exit or init error (the next invocation is then cold).
 *
 * <p>Threads: the invoking thread (invoke), the Runtime API threads (next/response/error/initError), the timer threads
 * (init limit, invocation timeout, RSS watch) and the process exit callback all touch it: shared fields are volatile,
 * the phase is a Lifecycle, and each ending (timeout, exit, init error) completes the invocation's outcome at most once.
 */
public final class ExecutionEnvironment implements RuntimeApiServer.Handler {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final long INIT_LIMIT_MS = 10_000;

    final String id = hex32();
    final FunctionConfig
            fn; // the configuration this environment was started with (immutable; an update makes a new one)
    final int memoryMb;
    final int timeoutSeconds;
    final String logStream;
    private final Path artifact;
    private final JdkResolver.Jdk jdk;
    private final Path runtimeDir;
    private final Path runtimeArchive; // the runtime's CDS archive for this JDK, or null
    private final Path nativeLibrary; // the RIC's JNI library, unpacked once (see NativeClientLibrary), or null
    private final Cgroups cgroups;
    private final LogStore logs;
    private final ScheduledExecutorService timers;
    private final ExecutorService io;
    private final PlatformLog platform;
    private final InvocationEnd ending;
    private final Lifecycle lifecycle = new Lifecycle();
    private final LogChannels channels = new LogChannels(this::logLine);
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private final MemoryMeter memory;

    private final LinkedBlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private volatile Invocation current;
    private volatile Invocation tooLarge; // last invocation whose response was too large (its later /error is ignored)
    private volatile Process process; // null while the JVM is being replaced (its exit is then no death)
    private volatile RuntimeApiServer api;
    private volatile EnvironmentGroup group;
    private volatile long startNanos;
    private volatile Double initMs; // set at the first GET /next (stays null for an init retried in the invoke)
    private ProcessBuilder launcher;
    private volatile byte[] initErrorBody;
    private volatile String initErrorType;
    private volatile ScheduledFuture<?> timer;
    private volatile Path privateTmp; // mounted on /tmp for this environment's JVM, or null
    volatile long lastUsedNanos = System.nanoTime();
    volatile boolean retire;

    public ExecutionEnvironment(
            FunctionConfig fn,
            Path artifact,
            JdkResolver.Jdk jdk,
            Path runtimeDir,
            Path runtimeArchive,
            Path nativeLibrary,
            Cgroups cgroups,
            LogStore logs,
            ScheduledExecutorService timers,
            ExecutorService io) {
        this.fn = fn;
        this.memoryMb = fn.memoryMb;
        this.timeoutSeconds = fn.timeoutSeconds;
        this.artifact = artifact;
        this.jdk = jdk;
        this.runtimeDir = runtimeDir;
        this.runtimeArchive = runtimeArchive;
        this.nativeLibrary = nativeLibrary;
        this.cgroups = cgroups;
        this.logs = logs;
        this.timers = timers;
        this.io = io;
        this.platform = PlatformLog.of(fn.logFormat);
        this.ending = new InvocationEnd(this, platform);
        this.memory = new MemoryMeter(memoryMb);
        this.logStream = DAY.format(Instant.now()) + "/[" + fn.version + "]" + id;
    }

    boolean alive() {
        return lifecycle.alive();
    }

    boolean initialized() {
        return lifecycle.initialized();
    }

    /** Starts the JVM; it runs its init and then waits in GET /next. */
    public void start() throws IOException {
        logs.createStream(fn.logGroup, logStream);
        api = new RuntimeApiServer(this, io);
        group = cgroups.create(
                id, memoryMb, false); // every local init is on-demand (see AWS_LAMBDA_INITIALIZATION_TYPE)
        channels.open(Files.isExecutable(SandboxCommand.BASH), (int) (INIT_LIMIT_MS + timeoutSeconds * 1000L + 5_000L));
        privateTmp = TmpIsolation.available() ? Files.createTempDirectory("local-lambda-tmp-" + id) : null;
        SandboxCommand.Result sandbox = SandboxCommand.build(sandboxSpec());
        ProcessBuilder pb = new ProcessBuilder(sandbox.command()).directory(artifact.toFile());
        pb.environment().clear();
        pb.environment().putAll(sandbox.environment());
        launcher = pb;
        logInitStart();
        startNanos = System.nanoTime();
        lifecycle.to(Phase.INITIALIZING);
        launch();
        // init limit: on-demand init gets 10 s; past that Lambda retries it inside the first invoke, within the timeout
        scheduleInitLimit(INIT_LIMIT_MS);
    }

    private SandboxCommand.Spec sandboxSpec() {
        List<String> jvm = RuntimeCommand.jvm(
                jdk,
                memoryMb,
                fn.snapStart,
                fn.runtime,
                cgroups.hostCores(),
                fn.environment.get("JAVA_TOOL_OPTIONS"),
                runtimeArchive,
                runtimeDir,
                nativeLibrary,
                fn.handler);
        ChildEnvironment.Settings runtime = new ChildEnvironment.Settings(
                fn.name,
                fn.version,
                memoryMb,
                fn.logGroup,
                logStream,
                fn.logFormat,
                fn.runtime,
                fn.handler,
                Arns.REGION,
                artifact,
                runtimeDir,
                jdk.home(),
                "127.0.0.1:" + api.port(),
                System.getProperty("user.home"));
        return new SandboxCommand.Spec(
                jvm,
                group.procsFiles(),
                privateTmp,
                channels.telemetryPort(),
                channels.stdoutPort(),
                channels.stderrPort(),
                Files.isExecutable(ChildEnvironment.ENV),
                runtime,
                fn.environment);
    }

    private void logInitStart() {
        String version = fn.runtime.replace("java", "java:") + ".local";
        long now = System.currentTimeMillis();
        logLine(now, platform.initStart(now, version, Arns.runtimeVersion("local-" + jdk.version())));
    }

    /** Starts (or restarts) the JVM with the environment's command line, streams and memory watch. */
    private void launch() throws IOException {
        Process p = launcher.start();
        process = p;
        p.getOutputStream().close();
        channels.pump(p, io);
        p.onExit().thenRun(() -> {
            if (p == process) {
                onExit();
            }
        });
        if (group.mem == null) {
            // no memory cgroup: watch the JVM's RSS and kill it past MemorySize, as the sandbox would
            memory.watch(p, () -> process, this::alive, timers);
        }
    }

    private void scheduleInitLimit(long delayMs) {
        timer = timers.schedule(
                () -> {
                    if (lifecycle.phase() == Phase.INITIALIZING) {
                        onInitTimeout();
                    }
                },
                delayMs,
                TimeUnit.MILLISECONDS);
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
        group.enterInvokePhase();
        long now = System.currentTimeMillis();
        logLine(now, platform.initReport(now, ms, "init", "timeout", null));
        if (!lifecycle.to(Phase.INITIALIZING, Phase.INIT_RETRYING)) {
            return;
        }
        Process old = process;
        process = null; // the replaced JVM's exit is not the environment's death
        killJvm(old);
        Invocation inv = current;
        if (inv == null || inv.outcome.isDone()) {
            destroy();
            return;
        }
        handOut(inv, now);
        logInitStart();
        try {
            launch();
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
        timer = timers.schedule(
                () -> onTimeout(inv, timeoutSeconds * 1000L), timeoutSeconds * 1000L, TimeUnit.MILLISECONDS);
    }

    private void killJvm(Process p) {
        if (p == null) {
            return;
        }
        memory.record(group);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where Init Duration starts: the runtime process's start (the wrapper's fd 3 connection), else the spawn. */
    long initStartNanos() {
        long connected = channels.telemetryConnectedNanos();
        return connected > startNanos ? connected : startNanos;
    }

    /** Out of memory: the memory cgroup's OOM killer or the RSS watcher ended the JVM. */
    boolean outOfMemory() {
        return memory.outOfMemory(group);
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
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        channels.drain();
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
            return new Invocation.Outcome(
                    Invocation.Kind.EXIT,
                    errorJson("Runtime.Unknown", e.toString()),
                    "Runtime.Unknown",
                    System.nanoTime());
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
        return RuntimeExit.message(process, outOfMemory());
    }

    /** Max Memory Used: the environment's lifetime peak, in MB. */
    long maxMemoryUsedMb() {
        return memory.maxUsedMb(group, process);
    }

    // ---- Runtime API callbacks

    @Override
    public Invocation next() throws InterruptedException {
        Phase before = lifecycle.phase();
        if ((before == Phase.INITIALIZING || before == Phase.INIT_RETRYING) && lifecycle.to(before, Phase.READY)) {
            // the init phase ends here: from now on the environment runs at its memory share (see CpuShare)
            group.enterInvokePhase();
            if (before == Phase.INITIALIZING) {
                // Lambda's Init Duration starts with the runtime process, after the sandbox exists: here, when the
                // wrapper
                // has entered the cgroups and the mount namespace and connects fd 3 just before exec'ing the JVM
                initMs = (System.nanoTime() - initStartNanos()) / 1e6;
                ScheduledFuture<?> t = timer;
                if (t != null) {
                    t.cancel(false);
                }
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
            inv.complete(
                    Invocation.Kind.TOO_LARGE,
                    errorJson(
                            "Function.ResponseSizeTooLarge",
                            "Response payload size exceeded maximum allowed payload size ("
                                    + RuntimeApiServer.MAX_PAYLOAD + " bytes)."),
                    "Function.ResponseSizeTooLarge");
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
        return inv.complete(Invocation.Kind.FUNCTION_ERROR, body, errorType == null ? "Runtime.Unknown" : errorType);
    }

    @Override
    public void initError(byte[] body, String errorType) {
        initErrorBody = body;
        initErrorType = errorType == null || !errorType.startsWith("Runtime.") ? "Runtime.Unknown" : errorType;
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
        Process p = process;
        return p == null ? 0 : p.pid();
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
        String after = "Task timed out after " + String.format(Locale.ROOT, "%.2f", afterMs / 1000.0) + " seconds";
        if (lifecycle.reached(Phase.INIT_RETRYING) && !lifecycle.initialized() && inv.handedOutNanos != 0) {
            logLine(
                    now,
                    platform.initReport(
                            now, (System.nanoTime() - inv.handedOutNanos) / 1e6, "invoke", "timeout", null));
        }
        // the log gets "<time> <id> Task timed out after ..."; the caller gets "RequestId: <id> Error: Task timed out
        // after ..."
        inv.timeoutLogLine = Instant.ofEpochMilli(now) + " " + inv.requestId + " " + after;
        inv.complete(
                Invocation.Kind.TIMEOUT,
                errorJson("Sandbox.Timedout", "RequestId: " + inv.requestId + " Error: " + after),
                "Sandbox.Timedout");
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
            inv.complete(
                    Invocation.Kind.EXIT,
                    errorJson("Runtime.ExitError", "RequestId: " + inv.requestId + " " + exitMessage()),
                    "Runtime.ExitError");
        }
    }

    /** Kills the JVM (and waits for it), removes the cgroups and the Runtime API server. Idempotent. */
    public void destroy() {
        lifecycle.to(Phase.GONE);
        Process p = process;
        if (p != null && p.isAlive()) {
            killJvm(p);
        }
        if (current == null) {
            cleanup();
        }
    }

    /** Called once the process is gone and no invocation is in flight. */
    public void cleanup() {
        Process p = process;
        if (p != null && p.isAlive()) {
            destroy();
            return;
        }
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        if (group != null) {
            memory.record(group);
            group.remove();
        }
        RuntimeApiServer a = api;
        if (a != null) {
            a.stop();
        }
        channels.close();
        Path t = privateTmp;
        if (t != null) {
            TmpIsolation.deleteTree(t);
        }
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
        logs.append(fn.logGroup, logStream, ts, line);
        inv.addTail(line);
    }

    /** A line of the environment's log stream; during an invocation also of its tail (X-Amz-Log-Result). */
    private void logLine(long ts, String line) {
        logs.append(fn.logGroup, logStream, ts, line);
        Invocation inv = current;
        if (inv != null && inv.handedOutNanos != 0) {
            inv.addTail(line);
        }
    }

    static byte[] errorJson(String type, String message) {
        var err = Json.object();
        err.put("errorType", type);
        err.put("errorMessage", message);
        return Json.write(err).getBytes(StandardCharsets.UTF_8);
    }

    private static String hex32() {
        StringBuilder b = new StringBuilder(32);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 32; i++) {
            b.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return b.toString();
    }
}
