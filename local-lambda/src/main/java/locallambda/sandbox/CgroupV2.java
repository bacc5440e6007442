package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * cgroup v2: one unified hierarchy for every controller; the CFS quota and period share one file, cpu.max.
 */
final class CgroupV2 implements CgroupVersion {
    static final String CPU_MAX = "cpu.max";

    CgroupV2() {}

    @Override
    public String label() {
        return "cgroup-v2";
    }

    @Override
    public boolean limits() {
        return true;
    }

    /** Quota and period in one write, so the kernel never sees a half-changed limit. */
    @Override
    public void limitCpu(Path group, CpuShare.Limit limit) throws IOException {
        CgroupFiles.write(group.resolve(CPU_MAX), limit.quotaMicros() + " " + limit.periodMicros());
    }

    /** cpu.max holds "QUOTA PERIOD", QUOTA being "max" when unlimited. */
    @Override
    public CpuShare.Limit cpuLimit(Path group) {
        String v = CgroupFiles.read(group.resolve(CPU_MAX));
        String[] f = v == null ? new String[0] : v.trim().split("\\s+");
        return new CpuShare.Limit(field(f, 0), field(f, 1));
    }

    private static long field(String[] f, int i) {
        try {
            return i >= f.length || f[i].equals("max") ? -1 : Long.parseLong(f[i]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void limitMemory(Path group, long bytes) throws IOException {
        CgroupFiles.write(group.resolve("memory.max"), Long.toString(bytes));
        try {
            CgroupFiles.write(group.resolve("memory.swap.max"), "0");
        } catch (IOException ignored) {
            /* no swap controller */
        }
    }

    @Override
    public long peakBytes(Path group) {
        return CgroupFiles.readLong(group.resolve("memory.peak"));
    }

    @Override
    public boolean oomKilled(Path group) {
        return CgroupFiles.countsOomKill(group.resolve("memory.events"));
    }

    @Override
    public String describeMemory() {
        return "cgroup-v2 (limit = MemorySize; Max Memory Used = max(memory.peak, JVM VmHWM))";
    }
}
