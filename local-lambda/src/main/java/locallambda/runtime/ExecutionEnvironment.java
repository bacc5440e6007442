package locallambda.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import locallambda.runtime.EnvironmentState.Gone;
import locallambda.runtime.EnvironmentState.InitEnd;
import locallambda.runtime.EnvironmentState.InitError;
import locallambda.runtime.EnvironmentState.InitRetrying;
import locallambda.runtime.EnvironmentState.Initializing;
import locallambda.runtime.EnvironmentState.Ready;
import locallambda.runtime.EnvironmentState.Returning;
import locallambda.sandbox.InitType;
import locallambda.template.FunctionConfig;

/**
 * One execution environment: one child JVM started as the managed Java runtime starts it (RIC main class, handler as
 * argument, working directory = the artifact) inside its sandbox (JvmLaunch), its own Runtime API server, its cgroups,
 * its log stream (LogChannels, PlatformLog). Serves one invocation at a time. Where it is (initializing, ready in GET
 * /next, invoking, returning to /next, gone) is its {@link EnvironmentState}, the only mutable state besides the
 * invocation in flight; what it took from the host is EnvironmentResources', given back once by {@link #end} or the
 * end of the invocation in flight, whichever comes last; the END/REPORT lines are InvocationEnd's.
 *
 * <p>Threads: the invoking thread (invoke), the Runtime API threads (next/response/error/initError), the timer threads
 * (init limit, invocation timeout, RSS watch) and the process exit callback all move the state, under this object's
 * monitor; each ending (timeout, exit, init error) completes the invocation's outcome at most once.
 */
public final class ExecutionEnvironment implements RuntimeApiServer.Handler {
    private static final long INIT_LIMIT_MS = 10_000;
    // a provisioned-concurrency init runs at the memory share with nobody waiting: 15 min, as SnapStart's
    private static final long PROVISIONED_INIT_LIMIT_MS = 15 * 60_000;

    final String id = EnvironmentNames.newId();
    // the configuration this environment was started with (immutable; an update makes a new one)
    final FunctionConfig fn;
    final InitType initType;
    private final Path artifact;
    private final EnvironmentHost host;
    private final EnvironmentLog log;
    private final InvocationEnd ending;
    private final EnvironmentResources resources;
    private final LinkedBlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();

    // where Init Duration starts when the runtime never connected its telemetry (see initStartNanos)
    private final long createdNanos = System.nanoTime();

    private EnvironmentState state = new EnvironmentState.Starting(); // guarded by this
    private Invocation current; // the invocation in flight, from invoke() to its end; guarded by this
    private int invocations; // how many were started here: the first is the cold one; guarded by this

    /** Starts an environment of fn; one that fails to start gives back what it took before it throws. */
    public static ExecutionEnvironment start(FunctionConfig fn, Path artifact, EnvironmentHost host)
            throws IOException {
        return start(fn, artifact, host, InitType.ON_DEMAND);
    }

    /** Starts an environment whose init is of the given type (provisioned: initialised ahead of every call). */
    public static ExecutionEnvironment start(FunctionConfig fn, Path artifact, EnvironmentHost host, InitType initType)
            throws IOException {
        ExecutionEnvironment env = new ExecutionEnvironment(fn, artifact, host, initType);
        try {
            env.launch();
        } catch (IOException | RuntimeException | Error e) {
            env.end();
            throw e;
        }
        return env;
    }

    private ExecutionEnvironment(FunctionConfig fn, Path artifact, EnvironmentHost host, InitType initType) {
        this.fn = fn;
        this.initType = initType;
        this.artifact = artifact;
        this.host = host;
        this.log = new EnvironmentLog(fn, id, host.logs(), this::inFlight);
        this.ending = new InvocationEnd(log.platform);
        this.resources = new EnvironmentResources(fn.memoryMb, host, log);
    }

    /** Starts the JVM; it runs its init and then waits in GET /next. */
    private void launch() throws IOException {
        log.create();
        resources.take(id, fn.memoryMb, (int) (initLimitMs() + fn.timeoutSeconds * 1000L + 5_000L), this, initType);
        resources.prepareLaunch(fn, artifact, log.stream, initType);
        log.initStart(host.jdk().version(), initType);
        // init limit: on-demand init gets 10 s; past that Lambda retries it inside the first invoke, within the timeout
        Future<?> limit = schedule(this::onInitLimit, initLimitMs());
        if (!move(s -> s.launched(limit))) {
            throw new IllegalStateException("environment " + id + " ended before its JVM started");
        }
        resources.launch(this::onExit, this::alive);
    }

    private long initLimitMs() {
        return initType.ahead() ? PROVISIONED_INIT_LIMIT_MS : INIT_LIMIT_MS;
    }

    // ---- the state, and the moves between states

    /** Applies a move; false (nothing changed) when the current state refuses it. Cancels the timer of a state left. */
    private synchronized boolean move(UnaryOperator<EnvironmentState> m) {
        EnvironmentState next = m.apply(state);
        if (next == null) {
            return false;
        }
        Future<?> left = state.timer();
        if (left != null && left != next.timer()) {
            left.cancel(false);
        }
        state = next;
        notifyAll(); // awaitReady
        return true;
    }

    private synchronized EnvironmentState state() {
        return state;
    }

    boolean alive() {
        return !(state() instanceof Gone);
    }

    /** The runtime finished an init (its first GET /next), whether or not the environment is gone since. */
    boolean initialized() {
        InitEnd e = state().initEnd();
        return e != null;
    }

    /**
     * Waits until the runtime is back in GET /next (true) or the environment is gone or the wait passed limitMs (false).
     * The Invoker gives a warm environment an event only after this said true: a runtime that exits after answering
     * (the runtime client does after an OutOfMemoryError) is then gone, and the event goes to a fresh environment.
     */
    synchronized boolean awaitReady(long limitMs) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (!(state instanceof Ready) && !(state instanceof Gone)) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return state instanceof Ready;
    }

    // ---- invocations

    /** Runs one invocation to its end and writes its START/END/REPORT lines. Blocks. */
    Invocation.Outcome invoke(Invocation inv) {
        boolean first;
        synchronized (this) {
            // the call that waited for the init: none when the init ran ahead (provisioned concurrency)
            first = invocations++ == 0 && !initType.ahead();
            current = inv;
        }
        inv.deadlineEpochMs = System.currentTimeMillis() + (first ? INIT_LIMIT_MS : 0) + fn.timeoutSeconds * 1000L;
        queue.add(inv);
        if (!alive()) {
            fail(inv);
        }
        Invocation.Outcome out = awaitOutcome(inv);
        resources.channels.drain();
        ending.finish(inv, out, facts(out, first), log::invocation);
        synchronized (this) {
            current = null;
        }
        releaseIfGone();
        return out;
    }

    /** What the END/REPORT lines need from this environment, now that the invocation ended. */
    private InvocationEnd.Facts facts(Invocation.Outcome out, boolean first) {
        InitEnd init = state().initEnd();
        // how the runtime died is read (a cgroup file) only when it did: not on every warm call's way back
        boolean exited = out.kind() == Invocation.Kind.EXIT;
        return new InvocationEnd.Facts(
                fn.name,
                fn.version,
                id,
                fn.memoryMb,
                fn.timeoutSeconds,
                first ? initDurationForReport(out) : null,
                init != null && init.ms() != null,
                exited && outOfMemory(),
                exited ? exitMessage() : null,
                resources.maxMemoryUsedMb());
    }

    /**
     * Init Duration goes on the environment's first REPORT only, and never after an init retried in the invoke; an init
     * that ended without a GET /next (init error, runtime exit) is measured up to the outcome.
     */
    private Double initDurationForReport(Invocation.Outcome out) {
        EnvironmentState s = state();
        InitEnd e = s.initEnd();
        if (e != null) {
            return e.retried() ? null : e.ms();
        }
        boolean initEnded = out.kind() == Invocation.Kind.INIT_ERROR || s instanceof Gone;
        return initEnded ? (out.atNanos() - initStartNanos()) / 1e6 : null;
    }

    /** Bounded even if a live runtime never polls again (the timeout timer starts only when the event is handed out). */
    private Invocation.Outcome awaitOutcome(Invocation inv) {
        try {
            long limitMs = INIT_LIMIT_MS + 2L * fn.timeoutSeconds * 1000L + 10_000L;
            try {
                return inv.outcome.get(limitMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (inv.handedOutNanos == 0) {
                    inv.handedOutNanos = System.nanoTime();
                }
                onTimeout(inv);
                return inv.outcome.get();
            }
        } catch (Exception e) {
            byte[] body = RuntimeErrors.body(RuntimeErrors.UNKNOWN, e.toString());
            return new Invocation.Outcome(Invocation.Kind.EXIT, body, RuntimeErrors.UNKNOWN, System.nanoTime());
        }
    }

    /** The invocation reaches the handler: START, its deadline, and its timeout timer (returned). */
    private Future<?> handOut(Invocation inv, long at) {
        inv.handedOutNanos = System.nanoTime();
        inv.deadlineEpochMs = at + fn.timeoutSeconds * 1000L;
        log.start(inv, at);
        return schedule(() -> onTimeout(inv), fn.timeoutSeconds * 1000L);
    }

    private Future<?> schedule(Runnable task, long delayMs) {
        return host.timers().schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Where Init Duration starts: the runtime process's start (the wrapper's fd 3 connection), else the spawn. */
    private long initStartNanos() {
        return Math.max(resources.channels.telemetryConnectedNanos(), createdNanos);
    }

    /** Out of memory: the memory cgroup's OOM killer or the RSS watcher ended the JVM. */
    private boolean outOfMemory() {
        return resources.outOfMemory();
    }

    private String exitMessage() {
        return RuntimeExit.message(resources.process(), outOfMemory());
    }

    // ---- Runtime API callbacks

    @Override
    public Invocation next() throws InterruptedException {
        EnvironmentState before = state();
        double initMs = (System.nanoTime() - initStartNanos()) / 1e6;
        if (!move(s -> s.polled(initMs))) {
            // gone, or polled while holding an event: nothing to hand out (the Runtime API answers "shutting down")
            return null;
        }
        if (before instanceof Initializing || before instanceof InitRetrying) {
            // the init phase ends here: from now on the environment runs at its memory share (see CpuShare)
            resources.group().enterInvokePhase();
        }
        if (before instanceof InitRetrying r) {
            // the invocation the retried init ran inside: already handed out (START logged, timer running)
            queue.remove(r.inv());
            return r.inv();
        }
        while (alive()) {
            Invocation inv = queue.poll(500, TimeUnit.MILLISECONDS);
            if (inv == null || inv.outcome.isDone()) {
                continue;
            }
            Future<?> timeout = handOut(inv, System.currentTimeMillis());
            if (move(s -> s.handedOut(inv, timeout))) {
                return inv;
            }
            timeout.cancel(false); // gone meanwhile: the invocation fails through the exit path
        }
        return null;
    }

    @Override
    public boolean response(String requestId, byte[] body, boolean tooLarge) {
        Invocation inv = holding(requestId);
        if (inv == null) {
            return false;
        }
        boolean done = tooLarge
                ? inv.complete(Invocation.Kind.TOO_LARGE, RuntimeErrors.responseTooLarge(), RuntimeErrors.TOO_LARGE)
                : inv.complete(Invocation.Kind.SUCCESS, body, null);
        move(s -> s.answered(tooLarge));
        return done || tooLarge;
    }

    @Override
    public boolean error(String requestId, byte[] body, String errorType) {
        if (state() instanceof Returning r && r.tooLarge() && r.last().requestId.equals(requestId)) {
            return true; // the runtime reports the 413 it got: already handled
        }
        Invocation inv = holding(requestId);
        if (inv == null) {
            return false;
        }
        boolean done = inv.complete(
                Invocation.Kind.FUNCTION_ERROR, body, errorType == null ? RuntimeErrors.UNKNOWN : errorType);
        move(s -> s.answered(false));
        return done;
    }

    /** The invocation the runtime holds, if it is requestId's and not ended yet; else null. */
    private Invocation holding(String requestId) {
        if (state() instanceof EnvironmentState.Invoking i
                && i.inv().requestId.equals(requestId)
                && !i.inv().outcome.isDone()) {
            return i.inv();
        }
        return null;
    }

    @Override
    public void initError(byte[] body, String errorType) {
        String type = errorType == null || !errorType.startsWith("Runtime.") ? RuntimeErrors.UNKNOWN : errorType;
        double ms = (System.nanoTime() - initStartNanos()) / 1e6;
        log.initReport(ms, state() instanceof InitRetrying ? "invoke" : "init", "error", type);
        InitError error = new InitError(body, type);
        if (move(s -> s.ended(error))) {
            Invocation inv = inFlight();
            if (inv != null) {
                inv.complete(Invocation.Kind.INIT_ERROR, body, type);
            }
        }
        end();
    }

    @Override
    public long runtimePid() {
        return resources.pid();
    }

    // ---- ends

    /**
     * The runtime did not reach /next within 10 s. Lambda logs the init timeout, then retries the init at the first
     * invocation with the function's own timeout; that second init is part of the invoke (in Duration, no Init Duration).
     */
    private void onInitLimit() {
        if (!(state() instanceof Initializing)) {
            return;
        }
        double ms = (System.nanoTime() - initStartNanos()) / 1e6;
        if (ms < initLimitMs()) {
            // the timer ran from the spawn; the 10 s count from the runtime's start, a few ms later
            Future<?> later = schedule(this::onInitLimit, (long) Math.ceil(initLimitMs() - ms) + 1);
            if (!move(s -> s instanceof Initializing ? new Initializing(later) : null)) {
                later.cancel(false);
            }
            return;
        }
        Invocation inv = inFlight();
        if (inv == null || inv.outcome.isDone()) {
            end(); // init hung with nobody waiting
            return;
        }
        if (!move(s -> s.initTimedOut(inv, null))) {
            return; // the runtime reached GET /next meanwhile, or the environment ended
        }
        // the retried init is part of the invoke phase on Lambda: throttled to the memory share from here, no boost
        resources.group().enterInvokePhase();
        log.initReport(ms, "init", "timeout", null);
        long now = System.currentTimeMillis();
        // the replaced JVM's exit is not the environment's death
        resources.killJvm(resources.detachProcess());
        Future<?> timeout = handOut(inv, now);
        if (!move(s -> s instanceof InitRetrying r && r.inv() == inv ? new InitRetrying(inv, timeout) : null)) {
            timeout.cancel(false);
            return;
        }
        log.initStart(host.jdk().version(), initType);
        try {
            resources.launch(this::onExit, this::alive);
        } catch (IOException e) {
            end();
            fail(inv);
        }
    }

    private void onTimeout(Invocation inv) {
        if (inv.outcome.isDone()) {
            return;
        }
        long now = System.currentTimeMillis();
        String after = RuntimeErrors.taskTimedOut(fn.timeoutSeconds * 1000L);
        if (state() instanceof InitRetrying && inv.handedOutNanos != 0) {
            double ms = (System.nanoTime() - inv.handedOutNanos) / 1e6;
            log.initReport(ms, "invoke", "timeout", null);
        }
        // The log gets "<time> <id> Task timed out after ...";
        // the caller gets "RequestId: <id> Error: Task timed out after ...".
        inv.timeoutLogLine = Instant.ofEpochMilli(now) + " " + inv.requestId + " " + after;
        inv.complete(Invocation.Kind.TIMEOUT, RuntimeErrors.timedOut(inv.requestId, after), RuntimeErrors.TIMED_OUT);
        end();
    }

    /** The JVM exited (not a replaced one): the environment is gone, and the invocation in flight fails. */
    private void onExit() {
        move(s -> s.ended(null));
        Invocation inv = inFlight();
        if (inv != null) {
            fail(inv);
        }
        releaseIfGone();
    }

    private void fail(Invocation inv) {
        if (state() instanceof Gone g && g.error() != null) {
            inv.complete(Invocation.Kind.INIT_ERROR, g.error().body(), g.error().type());
        } else {
            String message = exitMessage();
            inv.complete(Invocation.Kind.EXIT, RuntimeErrors.exited(inv.requestId, message), RuntimeErrors.EXIT);
        }
    }

    private synchronized Invocation inFlight() {
        return current;
    }

    /**
     * The one way out: moves to Gone (if not there yet), kills the JVM, and gives back what the environment took once no
     * invocation is in flight (else the end of that invocation does). Idempotent; safe from any thread.
     */
    public void end() {
        move(s -> s.ended(null));
        if (resources.jvmAlive()) {
            resources.killJvm(resources.process());
        }
        releaseIfGone();
    }

    /** Gives back the resources when the environment is gone and no invocation is in flight (EnvironmentResources: once). */
    private void releaseIfGone() {
        synchronized (this) {
            if (!(state instanceof Gone) || current != null) {
                return;
            }
        }
        resources.release();
    }
}
