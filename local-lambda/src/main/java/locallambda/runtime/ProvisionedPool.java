package locallambda.runtime;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import locallambda.template.FunctionConfig;

/**
 * Provisioned concurrency, as Lambda allocates it: per published version (named by the version or an alias), a number
 * of execution environments initialised at allocation, before any call, each on its own thread. A call to that version
 * takes an idle one of them first; the Invoker starts an ordinary on-demand environment when none is idle (spill-over).
 * An allocation is IN_PROGRESS until all its environments have finished their init, then READY; FAILED when an init
 * failed. An environment that dies (a timeout, a crash) is replaced, as Lambda recycles them. Deleting the allocation
 * ends its idle environments now and its busy ones when their call returns.
 *
 * <p>Threads: API threads (put, delete, snapshots), invoking threads (take, giveBack), one starter thread per
 * environment being initialised; all state under this object's monitor, never held while an environment starts or
 * ends.
 */
public final class ProvisionedPool {
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    /** Starts one provisioned environment of a version (its JVM runs its init; the pool waits for its first /next). */
    public interface Starter {
        ExecutionEnvironment start(FunctionConfig fn) throws Exception;
    }

    public enum Status {
        IN_PROGRESS,
        READY,
        FAILED
    }

    /**
     * One allocation as the API answers it.
     *
     * @param fn the version it is allocated on
     * @param qualifier the version number or alias it was put on
     * @param requested ProvisionedConcurrentExecutions asked for
     * @param allocated environments that finished their init and are alive (idle or serving a call)
     */
    public record Snapshot(
            FunctionConfig fn,
            String qualifier,
            int requested,
            int allocated,
            Status status,
            String statusReason,
            String lastModified) {}

    private static final class Allocation {
        final FunctionConfig fn;
        final String qualifier;
        int requested;
        final List<ExecutionEnvironment> ready = new ArrayList<>(); // initialised, alive: idle or busy
        final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
        int starting;
        String failure;
        String lastModified;

        Allocation(FunctionConfig fn, String qualifier) {
            this.fn = fn;
            this.qualifier = qualifier;
        }

        int missing() {
            return requested - ready.size() - starting;
        }
    }

    private final Starter starter;
    private final long initWaitMs;
    private final Map<FunctionConfig, Allocation> allocations = new LinkedHashMap<>();
    private boolean closed;

    /** @param initWaitMs how long an init may run before the allocation counts it as failed */
    ProvisionedPool(Starter starter, long initWaitMs) {
        this.starter = starter;
        this.initWaitMs = initWaitMs;
    }

    /**
     * PutProvisionedConcurrencyConfig: allocates count environments on fn (a published version), or resizes its
     * allocation; those missing start now, those past the count end (idle ones now, busy ones after their call).
     */
    public Snapshot put(FunctionConfig fn, String qualifier, int count) {
        List<ExecutionEnvironment> surplus = new ArrayList<>();
        int toStart;
        Snapshot s;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("shutting down");
            }
            Allocation a = allocations.computeIfAbsent(fn, k -> new Allocation(fn, qualifier));
            a.requested = count;
            a.failure = null;
            a.lastModified = now();
            while (a.ready.size() > count && !a.idle.isEmpty()) {
                ExecutionEnvironment e = a.idle.pollFirst();
                a.ready.remove(e);
                surplus.add(e);
            }
            toStart = Math.max(0, a.missing());
            a.starting += toStart;
            s = snapshot(a);
        }
        surplus.forEach(ExecutionEnvironment::end);
        for (int i = 0; i < toStart; i++) {
            startOne(fn);
        }
        return s;
    }

    /** The allocation on fn, or null. */
    public synchronized Snapshot get(FunctionConfig fn) {
        Allocation a = allocations.get(fn);
        return a == null ? null : snapshot(a);
    }

    /** Every allocation, in the order they were made. */
    public synchronized List<Snapshot> snapshots() {
        return allocations.values().stream().map(ProvisionedPool::snapshot).toList();
    }

    /** DeleteProvisionedConcurrencyConfig (or fn's version deleted): false when fn had none. */
    public boolean delete(FunctionConfig fn) {
        List<ExecutionEnvironment> gone;
        synchronized (this) {
            Allocation a = allocations.remove(fn);
            if (a == null) {
                return false;
            }
            gone = new ArrayList<>(a.idle);
            a.ready.removeAll(a.idle);
            a.idle.clear();
        }
        gone.forEach(ExecutionEnvironment::end);
        return true;
    }

    /** An idle provisioned environment of this very configuration, now serving a call; or null (spill-over). */
    synchronized ExecutionEnvironment take(FunctionConfig fn) {
        Allocation a = allocations.get(fn);
        if (a == null) {
            return null;
        }
        return a.idle.pollLast();
    }

    /**
     * A call on env ended: true when env is a provisioned one (it goes back to its allocation's idle ones, or ends when
     * the allocation is gone or smaller now; one that died is replaced). False: env is not the pool's.
     */
    boolean giveBack(ExecutionEnvironment env) {
        boolean end;
        boolean replace = false;
        synchronized (this) {
            Allocation a = allocations.get(env.fn);
            boolean ours = a != null && a.ready.contains(env);
            if (!ours) {
                return env.initType.ahead() && endOrphan(env);
            }
            end = closed || !env.alive() || a.ready.size() > a.requested;
            if (end) {
                a.ready.remove(env);
                replace = !closed && a.missing() > 0;
                if (replace) {
                    a.starting++;
                }
            } else {
                a.idle.addLast(env);
            }
        }
        if (end) {
            env.end();
        }
        if (replace) {
            startOne(env.fn);
        }
        return true;
    }

    private static boolean endOrphan(ExecutionEnvironment env) {
        env.end(); // its allocation was deleted or resized while it served a call
        return true;
    }

    /** Environments that count against the concurrency limit: every provisioned one, idle, busy or initialising. */
    synchronized int size() {
        int n = 0;
        for (Allocation a : allocations.values()) {
            n += a.ready.size() + a.starting;
        }
        return n;
    }

    /** The provisioned environments of fn's function and version (any generation): reserved concurrency counts them. */
    synchronized int sizeOf(FunctionConfig fn) {
        int n = 0;
        for (Allocation a : allocations.values()) {
            if (a.fn.sameVersionAs(fn)) {
                n += a.ready.size() + a.starting;
            }
        }
        return n;
    }

    /** Ends every provisioned environment (shutdown); busy ones end as their call returns. */
    void closeAll() {
        List<ExecutionEnvironment> gone = new ArrayList<>();
        synchronized (this) {
            closed = true;
            allocations.values().forEach(a -> gone.addAll(a.ready));
            allocations.clear();
        }
        gone.forEach(ExecutionEnvironment::end);
    }

    private void startOne(FunctionConfig fn) {
        Thread t = new Thread(() -> initialise(fn), "local-lambda-provisioned-" + fn.name);
        t.setDaemon(true);
        t.start();
    }

    /** Starts one environment and waits for its init to end; it joins the allocation if that still wants it. */
    private void initialise(FunctionConfig fn) {
        ExecutionEnvironment env = null;
        String failure = null;
        try {
            env = starter.start(fn);
            if (!env.awaitReady(initWaitMs)) {
                failure = "the init did not reach the runtime's first /next (init error, exit or timeout): "
                        + "see the function's log stream";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (Exception e) {
            failure = "the environment could not start: " + e.getMessage();
        }
        boolean keep = false;
        synchronized (this) {
            Allocation a = allocations.get(fn);
            if (a != null) {
                a.starting--;
                if (failure != null) {
                    a.failure = failure;
                } else if (!closed && a.ready.size() < a.requested) {
                    a.ready.add(env);
                    a.idle.addLast(env);
                    keep = true;
                }
            }
        }
        if (!keep && env != null) {
            env.end();
        }
    }

    private static Snapshot snapshot(Allocation a) {
        int allocated =
                (int) a.ready.stream().filter(ExecutionEnvironment::alive).count();
        Status status;
        if (a.failure != null) {
            status = Status.FAILED;
        } else if (allocated >= a.requested && a.starting == 0) {
            status = Status.READY;
        } else {
            status = Status.IN_PROGRESS;
        }
        return new Snapshot(a.fn, a.qualifier, a.requested, allocated, status, a.failure, a.lastModified);
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(LAST_MODIFIED);
    }
}
