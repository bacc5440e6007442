package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The files of one controller's groups, which differ between cgroup v1 and v2: how a CPU or memory limit is written,
 * where the peak memory and the OOM killer's count are read. {@link Cgroups} holds one version for CPU and one for
 * memory, because a hybrid host can mount the two controllers in different hierarchies; {@link NoCgroup} stands for a
 * controller the kit did not get. Callers hold a version and call it, and never ask which version it is.
 *
 * <p>The group paths passed in are an environment's own groups, made by {@link Cgroups#create}.
 */
sealed interface CgroupVersion permits CgroupV1, CgroupV2, NoCgroup {
    /** "cgroup-v1", "cgroup-v2" or "none": /_local/info's cpuLimitMode, and the first word of the descriptions. */
    String label();

    /** False only for {@link NoCgroup}: whether the kit can limit the environments with this controller. */
    boolean limits();

    /**
     * Sets a group's CFS period and quota. Both can be rewritten while the group's tasks run, which is how an
     * environment drops from its init allowance to its invoke share; a rewrite starts a fresh period.
     */
    void limitCpu(Path group, CpuShare.Limit limit) throws IOException;

    /** The CFS quota and period in force; either is -1 when unlimited ("max") or unreadable. */
    CpuShare.Limit cpuLimit(Path group);

    /** Sets a group's memory limit: the kernel kills the JVM past it, as Lambda does. Swap is kept out where it can be. */
    void limitMemory(Path group, long bytes) throws IOException;

    /** The group's peak memory in bytes (Max Memory Used), or -1. */
    long peakBytes(Path group);

    /** True when the kernel's OOM killer acted in the group. */
    boolean oomKilled(Path group);

    /** The file a process writes its pid to, to move into the group (the same name in v1 and v2). */
    default Path procsFile(Path group) {
        return group.resolve("cgroup.procs");
    }

    /**
     * The CPU limit as the startup banner and /_local/info say it.
     *
     * @param period the CFS periods in force, e.g. "20 ms below 1 vCPU, 100 ms from 1 vCPU up"
     * @param reason why a controller is missing, or null (only {@link NoCgroup} says it)
     */
    default String describeCpu(String period, String reason) {
        return label() + " (memory/1769 vCPU per environment from its first /next, CFS period " + period
                + "; init: see init cpu)";
    }

    /** The memory limit as the startup banner and /_local/info say it. */
    String describeMemory();
}
