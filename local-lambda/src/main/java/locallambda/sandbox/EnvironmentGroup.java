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
 * and v2: each group comes with the {@link CgroupVersion} that knows them.
 */
public final class EnvironmentGroup {
    final Path cpu;
    public final Path mem;
    private final CgroupVersion cpuVersion;
    private final CgroupVersion memVersion;
    private final CpuShare.Limit invokeLimit;

    EnvironmentGroup(
            Path cpu, CgroupVersion cpuVersion, Path mem, CgroupVersion memVersion, CpuShare.Limit invokeLimit) {
        this.cpu = cpu;
        this.cpuVersion = cpuVersion;
        this.mem = mem;
        this.memVersion = memVersion;
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
            cpuVersion.limitCpu(cpu, invokeLimit);
        } catch (IOException e) {
            System.err.println("local-lambda: cannot throttle " + cpu + " to its invoke share: " + e.getMessage());
        }
    }

    /** The CFS quota and period in force, in µs (-1 for unlimited or unknown). */
    CpuShare.Limit cpuLimit() {
        return cpu == null ? new CpuShare.Limit(-1, -1) : cpuVersion.cpuLimit(cpu);
    }

    /** Files the child shell writes its pid to before exec'ing the JVM. */
    public List<Path> procsFiles() {
        List<Path> out = new ArrayList<>();
        if (cpu != null) {
            out.add(cpuVersion.procsFile(cpu));
        }
        if (mem != null && !mem.equals(cpu)) {
            out.add(memVersion.procsFile(mem));
        }
        return out;
    }

    /** Peak memory of the group in bytes, or -1. */
    public long peakBytes() {
        return mem == null ? -1 : memVersion.peakBytes(mem);
    }

    /** True when the kernel's OOM killer acted in this group. */
    public boolean oomKilled() {
        return mem != null && memVersion.oomKilled(mem);
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
}
