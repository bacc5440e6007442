package locallambda.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * No controller for the kit (--no-cgroups, not Linux, none mounted or none writable): environments run unthrottled and,
 * for memory, the caller watches the JVM's RSS instead. Nothing is written; there are no groups to read.
 */
final class NoCgroup implements CgroupVersion {
    NoCgroup() {}

    @Override
    public String label() {
        return "none";
    }

    @Override
    public boolean limits() {
        return false;
    }

    @Override
    public void limitCpu(Path group, CpuShare.Limit limit) {
        // no group is ever made without a controller
    }

    @Override
    public CpuShare.Limit cpuLimit(Path group) {
        return new CpuShare.Limit(-1, -1);
    }

    @Override
    public void limitMemory(Path group, long bytes) {
        // no group is ever made without a controller
    }

    @Override
    public long peakBytes(Path group) {
        return -1;
    }

    @Override
    public boolean oomKilled(Path group) {
        return false;
    }

    @Override
    public String describeCpu(String period, String reason) {
        return "none (environments run unthrottled: CPU-bound durations will not scale with memory"
                + (reason == null ? "" : "; " + reason) + ")";
    }

    @Override
    public String describeMemory() {
        // the watcher and VmHWM both read /proc/<pid>/status, which exists on Linux only
        return Files.isRegularFile(Paths.get("/proc/self/status"))
                ? "none (Max Memory Used = JVM VmHWM; RSS watcher kills environments past MemorySize)"
                : "none (no /proc here: MemorySize is not enforced and Max Memory Used reads 0)";
    }
}
