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
    private final long invokeQuota;

    EnvironmentGroup(Path cpu, Path mem, Cgroups.CpuMode cpuMode, Cgroups.MemMode memMode, long invokeQuota) {
        this.cpu = cpu;
        this.mem = mem;
        this.cpuMode = cpuMode;
        this.memMode = memMode;
        this.invokeQuota = invokeQuota;
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
            writeQuota(cpu, cpuMode, invokeQuota);
        } catch (IOException e) {
            System.err.println("local-lambda: cannot throttle " + cpu + " to its invoke share: " + e.getMessage());
        }
    }

    /** The CFS quota in force, in µs per period (-1 for unlimited or unknown). */
    long cpuQuotaMicros() {
        if (cpu == null) {
            return -1;
        }
        String v = Cgroups.read(cpu.resolve(cpuMode == Cgroups.CpuMode.V1 ? "cpu.cfs_quota_us" : "cpu.max"));
        if (v == null) {
            return -1;
        }
        String first = v.trim().split("\\s+")[0];
        return first.equals("max") ? -1 : Long.parseLong(first);
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

    /** Sets a group's CFS quota (µs per Cgroups.PERIOD_US), in the file its cgroup version uses. */
    static void writeQuota(Path group, Cgroups.CpuMode cpuMode, long quotaMicros) throws IOException {
        if (cpuMode == Cgroups.CpuMode.V1) {
            Cgroups.write(group.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros));
        } else {
            Cgroups.write(group.resolve("cpu.max"), quotaMicros + " " + Cgroups.PERIOD_US);
        }
    }
}
