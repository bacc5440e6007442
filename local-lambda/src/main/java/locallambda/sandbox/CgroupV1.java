package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * cgroup v1: one hierarchy per controller (/sys/fs/cgroup/cpu, /sys/fs/cgroup/memory), one value per file.
 */
final class CgroupV1 implements CgroupVersion {
    /** The CFS quota; its presence in /sys/fs/cgroup/cpu is how detection recognises a v1 cpu hierarchy. */
    static final String CPU_QUOTA = "cpu.cfs_quota_us";

    static final String CPU_PERIOD = "cpu.cfs_period_us";

    /** The memory limit; its presence in /sys/fs/cgroup/memory is how detection recognises a v1 memory hierarchy. */
    static final String MEMORY_LIMIT = "memory.limit_in_bytes";

    CgroupV1() {}

    @Override
    public String label() {
        return "cgroup-v1";
    }

    @Override
    public boolean limits() {
        return true;
    }

    /**
     * Period first, then quota: the kernel checks each write against the other value, and both orders pass for periods
     * of 1 ms to 1 s and quotas of at least 1 ms.
     */
    @Override
    public void limitCpu(Path group, CpuShare.Limit limit) throws IOException {
        CgroupFiles.write(group.resolve(CPU_PERIOD), Long.toString(limit.periodMicros()));
        CgroupFiles.write(group.resolve(CPU_QUOTA), Long.toString(limit.quotaMicros()));
    }

    /** v1 writes an unlimited quota as -1, which is already this method's "unlimited". */
    @Override
    public CpuShare.Limit cpuLimit(Path group) {
        return new CpuShare.Limit(
                CgroupFiles.readLong(group.resolve(CPU_QUOTA)), CgroupFiles.readLong(group.resolve(CPU_PERIOD)));
    }

    @Override
    public void limitMemory(Path group, long bytes) throws IOException {
        CgroupFiles.write(group.resolve(MEMORY_LIMIT), Long.toString(bytes));
        try {
            // memory + swap at the same limit: no swap on top of it (the file exists only with swap accounting)
            CgroupFiles.write(group.resolve("memory.memsw.limit_in_bytes"), Long.toString(bytes));
        } catch (IOException ignored) {
            /* no swap accounting */
        }
    }

    @Override
    public long peakBytes(Path group) {
        return CgroupFiles.readLong(group.resolve("memory.max_usage_in_bytes"));
    }

    @Override
    public boolean oomKilled(Path group) {
        return CgroupFiles.countsOomKill(group.resolve("memory.oom_control"));
    }

    @Override
    public String describeMemory() {
        return "cgroup-v1 (limit = MemorySize; Max Memory Used = max(memory.max_usage_in_bytes, JVM VmHWM))";
    }
}
