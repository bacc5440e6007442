package locallambda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import locallambda.common.Bounds;
import locallambda.common.Json;
import locallambda.logs.LogStore;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.ChildEnvironment;
import locallambda.sandbox.JdkResolver;
import locallambda.sandbox.RuntimeCommand;
import locallambda.sandbox.TmpIsolation;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;

/**
 * One execution environment: one child JVM started as the managed Java runtime starts it (RIC main class, handler as
 * argument, working directory = the artifact), its own Runtime API server, its cgroups, its log stream. Serves one
 * invocation at a time; dies on timeout, runtime exit or init error (the next invocation is then cold).
 */
public final class ExecutionEnvironment implements RuntimeApiServer.Handler {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final long INIT_LIMIT_MS = 10_000;

    final String id = hex32();
    final FunctionConfig fn;
    final int generation;
    final int memoryMb;
    final int timeoutSeconds;
    final String logStream;
    private final Path artifact;
    private final JdkResolver.Jdk jdk;
    private final Path runtimeDir;
    private final Path runtimeArchive;   // the runtime's CDS archive for this JDK, or null
    private final Path nativeLibrary;    // the RIC's JNI library, unpacked once (see NativeClientLibrary), or null
    private final Cgroups cgroups;
    private final LogStore logs;
    private final ScheduledExecutorService timers;
    private final ExecutorService io;

    private final LinkedBlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean dead = new AtomicBoolean();
    private volatile Invocation current;
    private volatile Invocation tooLarge;     // last invocation whose response was too large (its later /error is ignored)
    private volatile Process process;
    private volatile RuntimeApiServer api;
    private volatile Cgroups.Env group;
    private volatile long startNanos;
    private volatile Double initMs;           // set at the first GET /next (stays null for an init retried in the invoke)
    private volatile boolean initDone;        // the runtime reached its first GET /next
    private volatile boolean suppressedInit;  // the 10 s init limit passed: init is retried inside the first invoke
    private volatile boolean replacing;       // the JVM is being replaced: its exit is not the environment's death
    private volatile boolean killedForMemory; // the RSS watcher killed the JVM past MemorySize
    private ProcessBuilder launcher;
    private volatile boolean initReported;    // Init Duration goes on the first REPORT only
    private volatile byte[] initErrorBody;
    private volatile String initErrorType;
    private volatile long peakBytes = -1;
    private volatile ScheduledFuture<?> timer;
    private final OutputPump stdout = new OutputPump();     // the process pipes: the wrapper's own messages, or all
    private final OutputPump stderr = new OutputPump();     // output where there is no bash wrapper
    private final OutputPump netOut = new OutputPump();     // fd 1 and 2 of the JVM over loopback sockets (see openChannel)
    private final OutputPump netErr = new OutputPump();
    private volatile java.net.ServerSocket outChannel;
    private volatile java.net.ServerSocket errChannel;
    private final TelemetryPump frames = new TelemetryPump();
    private static final Path BASH = Paths.get("/bin/bash");
    private volatile java.net.ServerSocket telemetry;   // where the runtime's framed log records arrive (fd 3)
    private volatile Path privateTmp;                    // mounted on /tmp for this environment's JVM, or null
    volatile long lastUsedNanos = System.nanoTime();
    volatile boolean retire;

    public ExecutionEnvironment(FunctionConfig fn, Path artifact, JdkResolver.Jdk jdk, Path runtimeDir, Path runtimeArchive, Path nativeLibrary,
                         Cgroups cgroups, LogStore logs, ScheduledExecutorService timers, ExecutorService io) {
        this.fn = fn;
        this.generation = fn.generation;
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
        this.logStream = DAY.format(Instant.now()) + "/[" + fn.version + "]" + id;
    }

    boolean alive() {
        return !dead.get();
    }

    boolean initialized() {
        return initDone;
    }

    /** Starts the JVM; it runs its init and then waits in GET /next. */
    public void start() throws IOException {
        logs.createStream(fn.logGroup, logStream);
        api = new RuntimeApiServer(this, io);
        group = cgroups.create(id, memoryMb, false);   // every local init is on-demand (see AWS_LAMBDA_INITIALIZATION_TYPE)
        Map<String, String> userEnv = fn.environment;
        String jto = userEnv.get("JAVA_TOOL_OPTIONS");
        List<String> java = RuntimeCommand.jvm(jdk, memoryMb, fn.snapStart, fn.runtime, cgroups.hostCores(), jto,
                runtimeArchive, runtimeDir, nativeLibrary, fn.handler);

        List<String> cmd = new ArrayList<>();
        List<Path> procs = group.procsFiles();
        telemetry = Files.isExecutable(BASH) ? openChannel() : null;
        outChannel = telemetry != null ? openChannel() : null;
        errChannel = outChannel != null ? openChannel() : null;
        privateTmp = TmpIsolation.available() ? Files.createTempDirectory("local-lambda-tmp-" + id) : null;
        if (!procs.isEmpty() || telemetry != null || privateTmp != null) {
            StringBuilder sh = new StringBuilder();
            if (privateTmp != null) {
                // runs inside `unshare -m`: this JVM's /tmp is its own folder (see TmpIsolation)
                cmd.add("/usr/bin/unshare");
                cmd.add("-m");
                cmd.add("--propagation");
                cmd.add("private");
                sh.append("mount --bind '").append(privateTmp).append("' /tmp && ");
            }
            // enter the environment's cgroups BEFORE the JVM exists, so its init is throttled and counted too
            for (Path p : procs) sh.append("echo $$ > '").append(p).append("' && ");
            // fd 3 = the telemetry log channel (bash opens the TCP connection; the JVM inherits the descriptor)
            // fd 1 and 2 over loopback sockets too: what the JVM wrote before posting its response is then in our socket
            // buffer when the response arrives, and available() (free of the pipe stream's lock) tells whether it is read
            if (errChannel != null) {
                sh.append("exec 1>/dev/tcp/127.0.0.1/").append(outChannel.getLocalPort())
                        .append(" 2>/dev/tcp/127.0.0.1/").append(errChannel.getLocalPort()).append(" && ");
            }
            // fd 3 last: its connection is the moment the sandbox is ready and the runtime starts (Init Duration's start)
            if (telemetry != null) sh.append("exec 3>/dev/tcp/127.0.0.1/").append(telemetry.getLocalPort()).append(" && ");
            sh.append("exec \"$0\" \"$@\"");
            cmd.add(telemetry != null || privateTmp != null ? BASH.toString() : "/bin/sh");
            cmd.add("-c");
            cmd.add(sh.toString());
        }
        boolean userEnvAsArguments = ChildEnvironment.asArguments(!cmd.isEmpty());
        cmd.addAll(userEnvAsArguments ? ChildEnvironment.command(userEnv, java) : java);

        ProcessBuilder pb = new ProcessBuilder(cmd).directory(artifact.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", artifact.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("LD_LIBRARY_PATH", jdk.home().resolve("lib") + ":" + artifact.resolve("lib"));
        env.put("AWS_LAMBDA_FUNCTION_NAME", fn.name);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", fn.version);
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", fn.logGroup);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.port());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_FORMAT", fn.logFormat);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + fn.runtime);
        env.put("AWS_REGION", Arns.REGION);
        env.put("AWS_DEFAULT_REGION", Arns.REGION);
        env.put("_HANDLER", fn.handler);
        env.put("AWS_ACCESS_KEY_ID", "ASIALOCALLAMBDAKEY00");
        env.put("AWS_SECRET_ACCESS_KEY", "local-lambda-dummy-secret");
        env.put("AWS_SESSION_TOKEN", "local-lambda-dummy-session-token");
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("HOME", System.getProperty("user.home"));
        if (telemetry != null) env.put("_LAMBDA_TELEMETRY_LOG_FD", "3");
        // the user's variables: to the JVM only, never to the wrapper's shell (ChildEnvironment)
        if (!userEnvAsArguments) ChildEnvironment.put(env, userEnv);

        launcher = pb;
        logInitStart();
        startNanos = System.nanoTime();
        launch();
        // init limit: on-demand init gets 10 s; past that Lambda retries it inside the first invoke, within the timeout
        timer = timers.schedule(() -> {
            if (!initDone && alive()) onInitTimeout();
        }, INIT_LIMIT_MS, TimeUnit.MILLISECONDS);
    }

    private void logInitStart() {
        String version = fn.runtime.replace("java", "java:") + ".local";
        String arn = Arns.runtimeVersion("local-" + jdk.version());
        long now = System.currentTimeMillis();
        if ("JSON".equalsIgnoreCase(fn.logFormat)) {
            var rec = Json.object();
            rec.put("initializationType", "on-demand");
            rec.put("phase", "init");
            rec.put("runtimeVersion", version);
            rec.put("runtimeVersionArn", arn);
            logLine(now, platformEvent("platform.initStart", now, rec));
        } else {
            logLine(now, "INIT_START Runtime Version: " + version + "\tRuntime Version ARN: " + arn);
        }
    }

    private static String platformEvent(String type, long at, com.fasterxml.jackson.databind.node.ObjectNode record) {
        var o = Json.object();
        o.put("time", Instant.ofEpochMilli(at).toString());
        o.put("type", type);
        o.set("record", record);
        return Json.write(o);
    }

    /** Starts (or restarts) the JVM with the environment's command line, streams and memory watch. */
    private void launch() throws IOException {
        Process p = launcher.start();
        process = p;
        replacing = false;
        p.getOutputStream().close();
        io.execute(() -> stdout.pump(p.getInputStream()));
        io.execute(() -> stderr.pump(p.getErrorStream()));
        java.net.ServerSocket t = telemetry;
        if (t != null) io.execute(() -> frames.pump(t));
        java.net.ServerSocket o = outChannel;
        java.net.ServerSocket e = errChannel;
        if (o != null && e != null) {
            io.execute(() -> netOut.pump(o));
            io.execute(() -> netErr.pump(e));
        }
        p.onExit().thenRun(() -> {
            if (p == process && !replacing) onExit();
        });
        if (group.mem == null) {
            // no memory cgroup: watch the JVM's RSS and kill it past MemorySize, as the sandbox would
            long limit = (long) memoryMb * 1024 * 1024;
            ScheduledFuture<?>[] watch = new ScheduledFuture<?>[1];
            watch[0] = timers.scheduleAtFixedRate(() -> {
                if (!alive()) {
                    watch[0].cancel(false);
                } else if (p != process || !p.isAlive()) {
                    watch[0].cancel(false);
                } else if (rssBytes() > limit) {
                    peakBytes = limit;
                    killedForMemory = true;
                    p.destroyForcibly();
                }
            }, 50, 50, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The runtime did not reach /next within 10 s. Lambda logs the init timeout, then retries the init at the first
     * invocation with the function's own timeout; that second init is part of the invoke (in Duration, no Init Duration).
     */
    private synchronized void onInitTimeout() {
        if (initDone || !alive()) return;
        double ms = (System.nanoTime() - initStartNanos()) / 1e6;
        if (ms < INIT_LIMIT_MS) {
            // the timer ran from the spawn; the 10 s count from the runtime's start, a few ms later
            timer = timers.schedule(() -> {
                if (!initDone && alive()) onInitTimeout();
            }, (long) Math.ceil(INIT_LIMIT_MS - ms) + 1, TimeUnit.MILLISECONDS);
            return;
        }
        // the retried init is part of the invoke phase on Lambda: throttled to the memory share from here, no boost
        group.enterInvokePhase();
        long now = System.currentTimeMillis();
        logInitReport(now, ms, "init", "timeout", null);
        suppressedInit = true;
        replacing = true;
        killJvm();
        Invocation inv = current;
        if (inv == null || inv.outcome.isDone()) {
            destroy();
            return;
        }
        inv.handedOutNanos = System.nanoTime();
        inv.deadlineEpochMs = now + timeoutSeconds * 1000L;
        logInvocation(inv, now, startLine(inv, now));
        timer = timers.schedule(() -> onTimeout(inv, timeoutSeconds * 1000L), timeoutSeconds * 1000L, TimeUnit.MILLISECONDS);
        logInitStart();
        try {
            launch();
        } catch (IOException e) {
            replacing = false;
            dead.set(true);
            fail(inv);
        }
    }

    private void logInitReport(long at, double ms, String phase, String status, String errorType) {
        if ("JSON".equalsIgnoreCase(fn.logFormat)) {
            var rec = Json.object();
            rec.put("initializationType", "on-demand");
            rec.put("phase", phase);
            rec.put("status", status);
            if (errorType != null) rec.put("errorType", errorType);
            rec.putObject("metrics").put("durationMs", Math.round(ms * 100) / 100.0);
            logLine(at, platformEvent("platform.initReport", at, rec));
        } else {
            logLine(at, "INIT_REPORT Init Duration: " + Report.ms(ms) + " ms\tPhase: " + phase + "\tStatus: " + status
                    + (errorType == null ? "" : "\tError Type: " + errorType));
        }
    }

    private void killJvm() {
        Process p = process;
        if (p == null) return;
        if (group != null) peakBytes = Math.max(peakBytes, group.peakBytes());
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where Init Duration starts: the runtime process's start (the wrapper's fd 3 connection), else the spawn. */
    private long initStartNanos() {
        long connected = frames.connectedNanos;
        return connected > startNanos ? connected : startNanos;
    }

    /** Out of memory: the memory cgroup's OOM killer or the RSS watcher ended the JVM. */
    boolean outOfMemory() {
        return killedForMemory || (group != null && group.oomKilled());
    }

    /** Runs one invocation to its end and writes its START/END/REPORT lines. Blocks. */
    Invocation.Outcome invoke(Invocation inv) {
        current = inv;
        inv.deadlineEpochMs = System.currentTimeMillis() + (initialized() ? 0 : INIT_LIMIT_MS) + timeoutSeconds * 1000L;
        queue.add(inv);
        if (dead.get()) fail(inv);
        Invocation.Outcome out;
        try {
            // bounded even if a live runtime never polls again (the timeout timer starts only when the event is handed out)
            long limitMs = INIT_LIMIT_MS + 2L * timeoutSeconds * 1000L + 10_000L;
            try {
                out = inv.outcome.get(limitMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (inv.handedOutNanos == 0) inv.handedOutNanos = System.nanoTime();
                onTimeout(inv, timeoutSeconds * 1000L);
                out = inv.outcome.get();
            }
        } catch (Exception e) {
            out = new Invocation.Outcome(Invocation.Kind.EXIT, errorJson("Runtime.Unknown", e.toString()), "Runtime.Unknown", System.nanoTime());
        }
        ScheduledFuture<?> t = timer;
        if (t != null) t.cancel(false);
        drainOutput();
        finish(inv, out);
        current = null;
        lastUsedNanos = System.nanoTime();
        return out;
    }

    private void finish(Invocation inv, Invocation.Outcome out) {
        long now = System.currentTimeMillis();
        if (inv.handedOutNanos == 0) {
            // never reached the handler (init failed or the runtime died during init): START after the init lines
            inv.handedOutNanos = out.atNanos();
            logInvocation(inv, now, startLine(inv, now));
        }
        double durationMs = (out.atNanos() - inv.handedOutNanos) / 1e6;
        switch (out.kind()) {
            case TIMEOUT -> {
                durationMs = timeoutSeconds * 1000.0;
                logInvocation(inv, now, inv.timeoutLogLine != null ? inv.timeoutLogLine : inv.requestId + " Task timed out");
            }
            case EXIT -> {
                System.err.println("local-lambda: " + fn.name + " environment " + id + " died during " + inv.requestId + ": " + exitMessage());
                logInvocation(inv, now, "RequestId: " + inv.requestId + " " + exitMessage());
                logInvocation(inv, now, "Runtime.ExitError");
            }
            default -> {
            }
        }
        Double init = null;
        if (!initReported && !suppressedInit && (initMs != null || out.kind() == Invocation.Kind.INIT_ERROR || !alive())) {
            init = initMs != null ? initMs : (out.atNanos() - initStartNanos()) / 1e6;
            initReported = true;
        }
        if (out.kind() == Invocation.Kind.INIT_ERROR && initMs == null) durationMs = 0;
        long peak = maxMemoryUsedMb();
        String status = switch (out.kind()) {
            case SUCCESS, FUNCTION_ERROR -> null;
            case TIMEOUT -> "timeout";
            default -> "error";
        };
        String errType = status == null || status.equals("timeout") ? null : out.reportErrorType();
        // a JVM killed for memory: the caller still gets Runtime.ExitError, the REPORT line says Runtime.OutOfMemory
        if (out.kind() == Invocation.Kind.EXIT && outOfMemory()) errType = "Runtime.OutOfMemory";
        boolean json = "JSON".equalsIgnoreCase(fn.logFormat);
        logInvocation(inv, now, json ? Report.platformJson("platform.runtimeDone", inv.requestId, Instant.ofEpochMilli(now).toString(),
                status == null ? "success" : status) : Report.end(inv.requestId));
        String report = json
                ? Report.reportJson(inv.requestId, durationMs, memoryMb, peak, init, status, errType, Instant.ofEpochMilli(now).toString())
                : Report.report(inv.requestId, durationMs, memoryMb, peak, init, status, errType);
        logInvocation(inv, now, report);
    }

    private String exitMessage() {
        Process p = process;
        if (p == null || p.isAlive()) return "Error: Runtime exited with error: signal: killed";
        int code = p.exitValue();
        if (outOfMemory() || code == 137) return "Error: Runtime exited with error: signal: killed";
        if (code > 128 && code <= 128 + 64) return "Error: Runtime exited with error: signal: " + signalName(code - 128);
        return "Error: Runtime exited with error: exit status " + code;
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 6 -> "aborted";
            case 9 -> "killed";
            case 11 -> "segmentation fault";
            case 15 -> "terminated";
            default -> Integer.toString(sig);
        };
    }

    /** Max Memory Used: the environment's lifetime peak (cgroup peak, else the JVM's VmHWM), in MB. */
    long maxMemoryUsedMb() {
        // the cgroup peak misses pages first charged elsewhere (shared JDK files, CDS archive); VmHWM misses page cache:
        // the larger of the two is the environment's peak resident memory
        long b = Math.max(group == null ? -1 : group.peakBytes(), vmHwmBytes());
        if (b > peakBytes) peakBytes = b;
        long mb = peakBytes < 0 ? 0 : Math.round(peakBytes / (1024.0 * 1024.0));
        return Math.min(mb, memoryMb);
    }

    long vmHwmBytes() {
        Process p = process;
        if (p == null) return -1;
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/" + p.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException ignored) {
            // process gone or not Linux
        }
        return -1;
    }

    long rssBytes() {
        Process p = process;
        if (p == null) return -1;
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/" + p.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException ignored) {
            // gone
        }
        return -1;
    }

    private String startLine(Invocation inv, long at) {
        return "JSON".equalsIgnoreCase(fn.logFormat)
                ? Report.platformJson("platform.start", inv.requestId, Instant.ofEpochMilli(at).toString(), null)
                : Report.start(inv.requestId, fn.version);
    }

    // ---- Runtime API callbacks

    @Override
    public Invocation next() throws InterruptedException {
        if (!initDone) {
            initDone = true;
            // the init phase ends here: from now on the environment runs at its memory share (see CpuShare)
            group.enterInvokePhase();
            if (!suppressedInit) {
                // Lambda's Init Duration starts with the runtime process, after the sandbox exists: here, when the wrapper
                // has entered the cgroups and the mount namespace and connects fd 3 just before exec'ing the JVM
                initMs = (System.nanoTime() - initStartNanos()) / 1e6;
                ScheduledFuture<?> t = timer;
                if (t != null) t.cancel(false);
            }
        }
        while (!dead.get()) {
            Invocation inv = queue.poll(500, TimeUnit.MILLISECONDS);
            if (inv == null) continue;
            if (inv.outcome.isDone()) continue;
            if (inv.handedOutNanos != 0) return inv;   // init retried inside this invoke: START and timer already set
            inv.handedOutNanos = System.nanoTime();
            inv.deadlineEpochMs = System.currentTimeMillis() + timeoutSeconds * 1000L;
            long at = System.currentTimeMillis();
            logInvocation(inv, at, startLine(inv, at));
            timer = timers.schedule(() -> onTimeout(inv, timeoutSeconds * 1000L), timeoutSeconds * 1000L, TimeUnit.MILLISECONDS);
            return inv;
        }
        return null;
    }

    @Override
    public boolean response(String requestId, byte[] body, boolean tooLarge) {
        Invocation inv = current;
        if (inv == null || !inv.requestId.equals(requestId) || inv.outcome.isDone()) return false;
        if (tooLarge) {
            this.tooLarge = inv;
            inv.complete(Invocation.Kind.TOO_LARGE, errorJson("Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + RuntimeApiServer.MAX_PAYLOAD + " bytes)."),
                    "Function.ResponseSizeTooLarge");
            return true;
        }
        return inv.complete(Invocation.Kind.SUCCESS, body, null);
    }

    @Override
    public boolean error(String requestId, byte[] body, String errorType) {
        Invocation big = tooLarge;
        if (big != null && big.requestId.equals(requestId)) return true; // the runtime reports the 413 it got: already handled
        Invocation inv = current;
        if (inv == null || !inv.requestId.equals(requestId) || inv.outcome.isDone()) return false;
        return inv.complete(Invocation.Kind.FUNCTION_ERROR, body, errorType == null ? "Runtime.Unknown" : errorType);
    }

    @Override
    public void initError(byte[] body, String errorType) {
        initErrorBody = body;
        initErrorType = errorType == null || !errorType.startsWith("Runtime.") ? "Runtime.Unknown" : errorType;
        long now = System.currentTimeMillis();
        double ms = (System.nanoTime() - initStartNanos()) / 1e6;
        logInitReport(now, ms, suppressedInit ? "invoke" : "init", "error", initErrorType);
        Invocation inv = current;
        if (inv != null) inv.complete(Invocation.Kind.INIT_ERROR, body, initErrorType);
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
            if (inv == null && !initDone) destroy();   // init hung with nobody waiting
            return;
        }
        long now = System.currentTimeMillis();
        String after = "Task timed out after " + String.format(Locale.ROOT, "%.2f", afterMs / 1000.0) + " seconds";
        if (suppressedInit && !initDone && inv.handedOutNanos != 0) {
            logInitReport(now, (System.nanoTime() - inv.handedOutNanos) / 1e6, "invoke", "timeout", null);
        }
        // the log gets "<time> <id> Task timed out after ..."; the caller gets "RequestId: <id> Error: Task timed out after ..."
        inv.timeoutLogLine = Instant.ofEpochMilli(now) + " " + inv.requestId + " " + after;
        var err = Json.object();
        err.put("errorType", "Sandbox.Timedout");
        err.put("errorMessage", "RequestId: " + inv.requestId + " Error: " + after);
        inv.complete(Invocation.Kind.TIMEOUT, Json.write(err).getBytes(StandardCharsets.UTF_8), "Sandbox.Timedout");
        destroy();
    }

    private void onExit() {
        dead.set(true);
        Invocation inv = current;
        if (inv != null) fail(inv);
        if (current == null) cleanup();
    }

    private void fail(Invocation inv) {
        if (initErrorBody != null) {
            inv.complete(Invocation.Kind.INIT_ERROR, initErrorBody, initErrorType);
        } else {
            inv.complete(Invocation.Kind.EXIT, errorJson("Runtime.ExitError", "RequestId: " + inv.requestId + " " + exitMessage()),
                    "Runtime.ExitError");
        }
    }

    /** Kills the JVM (and waits for it), removes the cgroups and the Runtime API server. Idempotent. */
    public void destroy() {
        dead.set(true);
        Process p = process;
        if (p != null && p.isAlive()) killJvm();
        if (current == null) cleanup();
    }

    private final AtomicBoolean cleaned = new AtomicBoolean();

    /** Called once the process is gone and no invocation is in flight. */
    public void cleanup() {
        Process p = process;
        if (p != null && p.isAlive()) {
            destroy();
            return;
        }
        if (!cleaned.compareAndSet(false, true)) return;
        if (group != null) {
            peakBytes = Math.max(peakBytes, group.peakBytes());
            group.remove();
        }
        RuntimeApiServer a = api;
        if (a != null) a.stop();
        closeTelemetry();
        Path t = privateTmp;
        if (t != null) TmpIsolation.deleteTree(t);
    }

    /**
     * The managed runtime hands the runtime client a telemetry descriptor (_LAMBDA_TELEMETRY_LOG_FD): the client then
     * writes every LambdaLogger / Log4j2 record as one length-prefixed frame, so a multi-line message (a stack trace)
     * is ONE CloudWatch event, and two log() calls without a newline are two. Without it the client writes to stdout,
     * where only newlines separate events. System.out and System.err stay on stdout/stderr, split by line, as on Lambda.
     */
    private java.net.ServerSocket openChannel() {
        try {
            java.net.ServerSocket ss = new java.net.ServerSocket(0, 2, java.net.InetAddress.getLoopbackAddress());
            ss.setSoTimeout((int) (INIT_LIMIT_MS + timeoutSeconds * 1000L + 5_000L));
            return ss;
        } catch (IOException e) {
            return null;   // the runtime client falls back to stdout
        }
    }

    private void closeTelemetry() {
        closeQuietly(telemetry);
        closeQuietly(outChannel);
        closeQuietly(errChannel);
        frames.close();
        netOut.close();
        netErr.close();
    }

    /** After the invocation ended: when the environment died, release its resources. */
    void afterInvocation() {
        if (!alive()) {
            destroy();
            cleanup();
        }
    }

    // ---- logs

    private void logInvocation(Invocation inv, long ts, String line) {
        logs.append(fn.logGroup, logStream, ts, line);
        inv.addTail(line);
    }

    private void logLine(long ts, String line) {
        logs.append(fn.logGroup, logStream, ts, line);
        Invocation inv = current;
        if (inv != null && inv.handedOutNanos != 0 && !inv.outcome.isDone()) inv.addTail(line);
        else if (inv != null && inv.handedOutNanos != 0) inv.addTail(line);
    }

    /** Waits (briefly) until the child's output written before its response has been read and logged. */
    private void drainOutput() {
        long until = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < until) {
            if (stdout.idle() && stderr.idle() && netOut.idle() && netErr.idle() && frames.idle()) break;
            // parkNanos, not sleep(1): JDK 17 rounds any sleep up to a millisecond
            java.util.concurrent.locks.LockSupport.parkNanos(Math.max(20_000L, Bounds.QUIET_SOCKET_NANOS / 2));
            if (Thread.currentThread().isInterrupted()) return;
        }
        stdout.flushPartial();
        stderr.flushPartial();
        netOut.flushPartial();
        netErr.flushPartial();
    }

    /** Reads one of the child's streams into log events, a line per event. */
    private final class OutputPump {
        private volatile InputStream in;
        private volatile boolean socketStream;   // a raw socket stream: available() does not wait for the reader
        private volatile java.net.Socket socket;
        private volatile boolean blocked;
        private volatile long lastActivity;
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

        /** Accepts the JVM's connection for fd 1 or 2 (made by the bash wrapper) and reads it. */
        void pump(java.net.ServerSocket server) {
            try (java.net.Socket s = server.accept()) {
                socket = s;
                socketStream = true;
                pump(s.getInputStream());
            } catch (IOException ignored) {
                // never connected (wrapper failed) or closed with the environment
            } finally {
                socket = null;
            }
        }

        void close() {
            closeQuietly(socket);
        }

        void pump(InputStream stream) {
            in = stream;
            byte[] buf = new byte[8192];
            try {
                while (true) {
                    blocked = true;
                    int n = stream.read(buf);
                    blocked = false;
                    lastActivity = System.nanoTime();
                    if (n < 0) break;
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            byte c = buf[i];
                            if (c == '\n') emit();
                            else partial.write(c);
                            if (partial.size() >= LogStore.MAX_EVENT_BYTES) emit();   // an unterminated line stays bounded
                        }
                    }
                }
            } catch (IOException ignored) {
                // process gone
            } finally {
                blocked = true;
                flushPartial();
            }
        }

        /**
         * Blocked in read with nothing new for a millisecond (and, on a socket, nothing unread in its buffer): what the
         * child wrote before its response is logged. A pipe's stream locks available() while its reader waits, so for
         * pipes only the time rule applies (a reader thread not yet scheduled can then be missed).
         */
        boolean idle() {
            InputStream s = in;
            if (s == null) return true;
            if (socketStream && pending(s) > 0) return false;
            return blocked && System.nanoTime() - lastActivity > (socketStream ? Bounds.QUIET_SOCKET_NANOS : 1_000_000L);
        }

        synchronized void flushPartial() {
            if (partial.size() > 0) emit();
        }

        private void emit() {
            String line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isBlank()) return; // CloudWatch keeps no empty events
            logLine(System.currentTimeMillis(), line);
        }
    }

    /** Reads the runtime client's telemetry frames: 4-byte type, 4-byte length, 8-byte time in µs, then the record. */
    private final class TelemetryPump {
        private volatile java.net.Socket socket;
        private volatile InputStream stream;
        private volatile boolean blocked = true;
        volatile long connectedNanos;   // when the wrapper connected fd 3, just before exec'ing the JVM
        private volatile long lastActivity;

        void pump(java.net.ServerSocket server) {
            try (java.net.Socket s = server.accept()) {
                connectedNanos = System.nanoTime();
                socket = s;
                InputStream raw = s.getInputStream();
                stream = raw;
                // unbuffered on purpose: a BufferedInputStream would lock available() while this thread waits in read
                java.io.DataInputStream in = new java.io.DataInputStream(raw);
                while (true) {
                    blocked = true;
                    in.readInt();                  // frame type (level and format): not shown in CloudWatch's text
                    blocked = false;
                    lastActivity = System.nanoTime();
                    int length = in.readInt();
                    long micros = in.readLong();
                    byte[] record = in.readNBytes(Math.max(0, Math.min(length, 1 << 20)));
                    if (length > record.length) in.skipNBytes(length - record.length);
                    String message = new String(record, StandardCharsets.UTF_8);
                    // a layout's trailing line break is not a second line of the event
                    if (message.endsWith("\n")) message = message.substring(0, message.length() - 1);
                    if (!message.isBlank()) logLine(micros / 1000, message);
                    lastActivity = System.nanoTime();
                }
            } catch (IOException ignored) {
                // runtime gone, or the environment closed the channel
            } finally {
                blocked = true;
                socket = null;
                stream = null;
            }
        }

        boolean idle() {
            InputStream s = stream;
            return blocked && (s == null || pending(s) == 0) && System.nanoTime() - lastActivity > Bounds.QUIET_SOCKET_NANOS;
        }

        void close() {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Bytes readable without blocking on a socket stream; 0 once it is closed. */
    private static int pending(InputStream s) {
        try {
            return s.available();
        } catch (IOException closed) {
            return 0;
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
        for (int i = 0; i < 32; i++) b.append("0123456789abcdef".charAt(r.nextInt(16)));
        return b.toString();
    }
}
