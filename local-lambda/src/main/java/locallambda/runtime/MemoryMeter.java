package locallambda.runtime;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import locallambda.sandbox.EnvironmentGroup;
import locallambda.sandbox.ProcessStatus;

/**
 * The memory of one environment: its lifetime peak (Max Memory Used) and, where no memory cgroup limits it, a watch
 * that kills the JVM past MemorySize as the sandbox would. Read by the invoking thread, written by the timer thread of
 * the watch and by whoever kills the JVM: fields volatile.
 */
final class MemoryMeter {
    private final int memoryMb;
    private volatile long peakBytes = -1;
    private volatile boolean killed; // the RSS watch killed the JVM past MemorySize

    MemoryMeter(int memoryMb) {
        this.memoryMb = memoryMb;
    }

    /** Takes the cgroup's peak into account (before the cgroup goes, or the JVM is killed). */
    void record(EnvironmentGroup group) {
        if (group != null) {
            peakBytes = Math.max(peakBytes, group.peakBytes());
        }
    }

    /** Max Memory Used: the environment's lifetime peak (cgroup peak, else the JVM's VmHWM), in MB, at most MemorySize. */
    long maxUsedMb(EnvironmentGroup group, Process p) {
        // The cgroup peak misses pages first charged elsewhere (shared JDK files, CDS archive); VmHWM misses page
        // cache. The larger of the two is the environment's peak resident memory.
        long b = Math.max(
                group == null ? -1 : group.peakBytes(), p == null ? -1 : ProcessStatus.peakResidentBytes(p.pid()));
        if (b > peakBytes) {
            peakBytes = b;
        }
        long mb = peakBytes < 0 ? 0 : Math.round(peakBytes / (1024.0 * 1024.0));
        return Math.min(mb, memoryMb);
    }

    /** Out of memory: the memory cgroup's OOM killer or the RSS watch ended the JVM. */
    boolean outOfMemory(EnvironmentGroup group) {
        return killed || (group != null && group.oomKilled());
    }

    /**
     * No memory cgroup: every 50 ms, the JVM's RSS against MemorySize; past it the JVM is killed. Stops when the
     * environment dies or the JVM is replaced.
     */
    void watch(Process p, Supplier<Process> current, BooleanSupplier alive, ScheduledExecutorService timers) {
        long limit = (long) memoryMb * 1024 * 1024;
        ScheduledFuture<?>[] watch = new ScheduledFuture<?>[1];
        watch[0] = timers.scheduleAtFixedRate(
                () -> {
                    if (!alive.getAsBoolean() || p != current.get() || !p.isAlive()) {
                        watch[0].cancel(false);
                    } else if (ProcessStatus.residentBytes(p.pid()) > limit) {
                        peakBytes = limit;
                        killed = true;
                        p.destroyForcibly();
                    }
                },
                50,
                50,
                TimeUnit.MILLISECONDS);
    }
}
