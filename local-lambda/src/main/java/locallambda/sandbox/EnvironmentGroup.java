package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution environment's cgroups (made by {@link Cgroups#create}): its CPU group, whose quota drops from the init
 * allowance to the memory share at the runtime's first /next, and its memory group, read for Max Memory Used and the
 * OOM killer's verdict. Either is null when the host has no such controller. The file names differ between cgroup v1
 * and v2; the modes say which apply.
 */
public final class EnvironmentGroup {
    final Path cpu;
    public final Path mem;
    private final Cgroups.CpuMode cpuMode;
    private final Cgroups.MemMode memMode;
    private final CpuShare.Limit invokeLimit;

    EnvironmentGroup(Path cpu, Path mem, Cgroups.CpuMode cpuMode, Cgroups.MemMode memMode, CpuShare.Limit invokeLimit) {
        this.cpu = cpu;
        this.mem = mem;
        this.cpuMode = cpuMode;
        this.memMode = memMode;
        this.invokeLimit = invokeLimit;
    }

    /**
     * The runtime asked for its first event: from now on the environment gets its memory share (a no-op when the
     * init phase had the same). Rewriting the quota also starts a fresh CFS period, so no init allowance carries over.
     */
    public void enterInvokePhase() {
        if (cpu == null) {
            return;
        }
        try {
            writeLimit(cpu, cpuMode, invokeLimit);
        } catch (IOException e) {
            System.err.println("local-lambda: cannot throttle " + cpu + " to its invoke share: " + e.getMessage());
        }
    }

    /** The CFS quota in force, in µs per period (-1 for unlimited or unknown). */
    long cpuQuotaMicros() {
        return cpuLimitField(cpuMode == Cgroups.CpuMode.V1 ? "cpu.cfs_quota_us" : "cpu.max", 0);
    }

    /** The CFS period in force, in µs (-1 when unknown). */
    long cpuPeriodMicros() {
        return cpuLimitField(
                cpuMode == Cgroups.CpuMode.V1 ? "cpu.cfs_period_us" : "cpu.max", cpuMode == Cgroups.CpuMode.V1 ? 0 : 1);
    }

    private long cpuLimitField(String file, int field) {
        if (cpu == null) {
            return -1;
        }
        String v = Cgroups.read(cpu.resolve(file));
        if (v == null) {
            return -1;
        }
        String[] f = v.trim().split("\\s+");
        return field >= f.length || f[field].equals("max") ? -1 : Long.parseLong(f[field]);
    }

    /** Files the child shell writes its pid to before exec'ing the JVM. */
    public List<Path> procsFiles() {
        List<Path> out = new ArrayList<>();
        if (cpu != null) {
            out.add(cpu.resolve("cgroup.procs"));
        }
        if (mem != null && !mem.equals(cpu)) {
            out.add(mem.resolve("cgroup.procs"));
        }
        return out;
    }

    /** Peak memory of the group in bytes, or -1. */
    public long peakBytes() {
        if (mem == null) {
            return -1;
        }
        String v =
                Cgroups.read(mem.resolve(memMode == Cgroups.MemMode.V1 ? "memory.max_usage_in_bytes" : "memory.peak"));
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True when the kernel's OOM killer acted in this group. */
    public boolean oomKilled() {
        if (mem == null) {
            return false;
        }
        if (memMode == Cgroups.MemMode.V1) {
            String s = Cgroups.read(mem.resolve("memory.oom_control"));
            return s != null && s.contains("oom_kill ") && !s.contains("oom_kill 0");
        }
        String s = Cgroups.read(mem.resolve("memory.events"));
        return s != null && s.contains("oom_kill ") && !s.contains("oom_kill 0");
    }

    public void remove() {
        for (Path p : new Path[] {cpu, mem}) {
            if (p == null) {
                continue;
            }
            for (int i = 0; i < 50 && Files.exists(p); i++) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // processes still being reaped: retry shortly
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /**
     * Sets a group's CFS period and quota, in the files its cgroup version uses. v1 takes them one file at a time; the
     * kernel checks each write against the other value, and both orders pass for periods of 1 ms to 1 s and quotas of
     * at least 1 ms. Either write starts a fresh period.
     */
    static void writeLimit(Path group, Cgroups.CpuMode cpuMode, CpuShare.Limit limit) throws IOException {
        if (cpuMode == Cgroups.CpuMode.V1) {
            Cgroups.write(group.resolve("cpu.cfs_period_us"), Long.toString(limit.periodMicros()));
            Cgroups.write(group.resolve("cpu.cfs_quota_us"), Long.toString(limit.quotaMicros()));
        } else {
            Cgroups.write(group.resolve("cpu.max"), limit.quotaMicros() + " " + limit.periodMicros());
        }
    }
}
