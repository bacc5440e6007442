package locallambda.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import locallambda.sandbox.InitType;
import locallambda.template.FunctionConfig;

/**
 * Schedules invocations on execution environments: a warm idle environment of the function's current configuration
 * is reused; otherwise a new one starts (cold), up to --max-environments busy at once (429 past it, as Lambda's
 * concurrency limits); idle environments are reaped after --idle-timeout, and the least recently used idle one makes
 * room when the limit is reached.
 *
 * <p>Configurations are immutable, so "of the current configuration" is identity: an environment is reused only for the
 * very configuration object it was started with, and goes back to the idle pool only while that configuration is still
 * the one served (an update of $LATEST or a deleted version makes the next invocation cold). The pools are guarded by
 * this object's monitor.
 */
public final class Invoker {
    public static final class TooManyRequests extends Exception {
        public final String reason;

        TooManyRequests(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    /** How an environment is made for a function (artifact, JDK). */
    public interface Factory {
        ExecutionEnvironment create(FunctionConfig fn) throws Exception;

        /** An environment whose init is of the given type (provisioned concurrency: initialised ahead). */
        default ExecutionEnvironment create(FunctionConfig fn, InitType initType) throws Exception {
            return create(fn);
        }
    }

    /** Longest a provisioned environment's init may run before its allocation counts it as failed. */
    private static final long PROVISIONED_INIT_WAIT_MS = 15 * 60_000L + 5_000L;

    private final int maxEnvironments;
    private final long idleTimeoutNanos;
    private final Factory factory;
    private final Predicate<FunctionConfig> served;
    private final ProvisionedPool provisioned;
    /** An idle environment and since when (the least recently used makes room first; idle ones are reaped). */
    private record Idle(ExecutionEnvironment env, long sinceNanos) {}

    private final List<Idle> idle = new ArrayList<>();
    private final List<ExecutionEnvironment> busy = new ArrayList<>();
    // busy environments whose configuration stopped being served: they end when their invocation does
    private final Set<ExecutionEnvironment> retiring = new HashSet<>();
    private final Map<String, Integer> starting = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private int pending;

    /** served: whether a configuration is still what its qualifier serves (FunctionRegistry.isCurrent). */
    public Invoker(
            int maxEnvironments,
            long idleTimeoutSeconds,
            Factory factory,
            Predicate<FunctionConfig> served,
            ScheduledExecutorService timers) {
        this.maxEnvironments = maxEnvironments;
        this.idleTimeoutNanos = TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
        this.factory = factory;
        this.served = served;
        this.provisioned =
                new ProvisionedPool(fn -> factory.create(fn, InitType.PROVISIONED), PROVISIONED_INIT_WAIT_MS);
        timers.scheduleWithFixedDelay(this::reap, 5, 5, TimeUnit.SECONDS);
    }

    /** Runs one invocation to its end (cold or warm). */
    public Result invoke(FunctionConfig fn, Invocation inv) throws Exception {
        Acquired a = acquire(fn);
        ExecutionEnvironment env = a.env();
        Invocation.Outcome out;
        try {
            out = env.invoke(inv);
        } finally {
            release(env);
        }
        return new Result(out, a.cold(), env);
    }

    private record Acquired(ExecutionEnvironment env, boolean cold) {}

    public record Result(Invocation.Outcome outcome, boolean cold, ExecutionEnvironment env) {}

    /** The concurrency limit (--max-environments): on-demand and provisioned environments together. */
    public int maxEnvironments() {
        return maxEnvironments;
    }

    /** The provisioned concurrency allocated on published versions (PutProvisionedConcurrencyConfig). */
    public ProvisionedPool provisioned() {
        return provisioned;
    }

    private Acquired acquire(FunctionConfig fn) throws Exception {
        // provisioned concurrency first: initialised ahead, so no cold start; beyond it calls spill over to on-demand
        for (ExecutionEnvironment p = provisioned.take(fn); p != null; p = provisioned.take(fn)) {
            if (p.awaitReady(fn.timeoutSeconds * 1000L)) {
                return new Acquired(p, false);
            }
            provisioned.giveBack(p); // gone: replaced
        }
        for (ExecutionEnvironment warm = takeIdle(fn); warm != null; warm = takeIdle(fn)) {
            // an event goes only to a runtime back in GET /next: one that exited after its last answer is gone by then
            if (warm.awaitReady(fn.timeoutSeconds * 1000L)) {
                return new Acquired(warm, false);
            }
            synchronized (this) {
                busy.remove(warm);
            }
            warm.end();
        }
        return new Acquired(startNew(fn), true);
    }

    /** The most recently used idle environment of this very configuration, now busy; or null. */
    private synchronized ExecutionEnvironment takeIdle(FunctionConfig fn) {
        if (closed) {
            throw new IllegalStateException("shutting down");
        }
        for (int i = idle.size() - 1; i >= 0; i--) {
            ExecutionEnvironment e = idle.get(i).env();
            if (e.fn == fn && e.alive()) {
                idle.remove(i);
                busy.add(e);
                return e;
            }
        }
        return null;
    }

    /** A cold start, within the limits; the least recently used idle environment makes room at the limit. */
    private ExecutionEnvironment startNew(FunctionConfig fn) throws Exception {
        ExecutionEnvironment victim = null;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("shutting down");
            }
            // every busy environment of this function and qualifier counts, those of an older generation too
            // and so does its provisioned concurrency (Lambda caps both together at the reserved concurrency)
            long fnBusy = busy.stream().filter(e -> e.fn.sameVersionAs(fn)).count() + provisioned.sizeOf(fn);
            if (fn.reservedConcurrency >= 0 && fnBusy >= fn.reservedConcurrency) {
                throw new TooManyRequests(
                        "ReservedFunctionConcurrentInvocationLimitExceeded",
                        "Rate Exceeded. (reserved concurrency " + fn.reservedConcurrency + " of " + fn.name
                                + " in use)");
            }
            // provisioned environments count against the limit, idle or not, as on Lambda
            int taken = busy.size() + pending + provisioned.size();
            if (taken >= maxEnvironments) {
                throw new TooManyRequests(
                        "ConcurrentInvocationLimitExceeded",
                        "Rate Exceeded. (" + taken + " of " + maxEnvironments
                                + " execution environments busy or provisioned; --max-environments)");
            }
            if (taken + idle.size() >= maxEnvironments && !idle.isEmpty()) {
                Idle oldest = idle.stream()
                        .min((a, b) -> Long.compare(a.sinceNanos(), b.sinceNanos()))
                        .orElseThrow();
                idle.remove(oldest);
                victim = oldest.env();
            }
            pending++; // the one starting now counts against the limit
        }
        if (victim != null) {
            victim.end();
        }
        ExecutionEnvironment env;
        try {
            env = factory.create(fn);
        } catch (Exception e) {
            synchronized (this) {
                pending--;
            }
            throw e;
        }
        synchronized (this) {
            pending--;
            busy.add(env);
        }
        return env;
    }

    private void release(ExecutionEnvironment env) {
        if (provisioned.giveBack(env)) {
            return;
        }
        boolean keep;
        synchronized (this) {
            busy.remove(env);
            boolean retired = retiring.remove(env);
            keep = !closed && env.alive() && !retired && served.test(env.fn);
            if (keep) {
                idle.add(new Idle(env, System.nanoTime()));
            }
        }
        if (!keep) {
            env.end();
        }
    }

    /**
     * Called once fn is no longer served (replaced by an update, or a deleted version): its idle environments go now,
     * busy ones when they finish.
     */
    public void recycle(FunctionConfig fn) {
        List<ExecutionEnvironment> gone = new ArrayList<>();
        synchronized (this) {
            for (ExecutionEnvironment e : busy) {
                if (e.fn == fn) {
                    retiring.add(e);
                }
            }
            idle.removeIf(i -> {
                if (i.env().fn == fn) {
                    gone.add(i.env());
                    return true;
                }
                return false;
            });
        }
        gone.forEach(ExecutionEnvironment::end);
        provisioned.delete(fn); // a deleted version takes its provisioned concurrency with it
    }

    private void reap() {
        List<ExecutionEnvironment> gone = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            idle.removeIf(i -> {
                if (!i.env().alive() || now - i.sinceNanos() > idleTimeoutNanos) {
                    gone.add(i.env());
                    return true;
                }
                return false;
            });
        }
        gone.forEach(ExecutionEnvironment::end);
    }

    public synchronized int environmentCount() {
        return idle.size() + busy.size() + pending + provisioned.size();
    }

    private synchronized List<ExecutionEnvironment> all() {
        List<ExecutionEnvironment> out = new ArrayList<>();
        idle.forEach(i -> out.add(i.env()));
        out.addAll(busy);
        return out;
    }

    /** Kills every environment (shutdown). */
    public void closeAll() {
        List<ExecutionEnvironment> all;
        synchronized (this) {
            closed = true;
            all = all();
            idle.clear();
        }
        all.forEach(ExecutionEnvironment::end);
        provisioned.closeAll();
    }
}
