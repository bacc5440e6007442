package locallambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each version's files, in a temporary folder standing for one environment's group. */
class CgroupVersionTest {
    private static final CpuShare.Limit LIMIT = new CpuShare.Limit(1_447, 20_000);

    @Test
    void v1WritesQuotaAndPeriodToTwoFilesAndReadsThemBack(@TempDir Path group) throws Exception {
        CgroupVersion v1 = new CgroupV1();
        v1.limitCpu(group, LIMIT);
        assertEquals("20000", Files.readString(group.resolve("cpu.cfs_period_us")));
        assertEquals("1447", Files.readString(group.resolve("cpu.cfs_quota_us")));
        assertEquals(LIMIT, v1.cpuLimit(group));
        Files.writeString(group.resolve("cpu.cfs_quota_us"), "-1\n");
        assertEquals(new CpuShare.Limit(-1, 20_000), v1.cpuLimit(group), "v1's unlimited quota");
    }

    @Test
    void v2WritesQuotaAndPeriodToCpuMaxAndReadsThemBack(@TempDir Path group) throws Exception {
        CgroupVersion v2 = new CgroupV2();
        v2.limitCpu(group, LIMIT);
        assertEquals("1447 20000", Files.readString(group.resolve("cpu.max")));
        assertFalse(Files.exists(group.resolve("cpu.cfs_quota_us")), "no v1 file in a v2 group");
        assertEquals(LIMIT, v2.cpuLimit(group));
        Files.writeString(group.resolve("cpu.max"), "max 100000\n");
        assertEquals(new CpuShare.Limit(-1, 100_000), v2.cpuLimit(group), "v2's unlimited quota");
        Files.delete(group.resolve("cpu.max"));
        assertEquals(new CpuShare.Limit(-1, -1), v2.cpuLimit(group), "a group that is gone");
    }

    @Test
    void v1LimitsMemoryAndSwapAndReadsItsPeakAndOomCounter(@TempDir Path group) throws Exception {
        CgroupVersion v1 = new CgroupV1();
        v1.limitMemory(group, 128L << 20);
        assertEquals("134217728", Files.readString(group.resolve("memory.limit_in_bytes")));
        assertEquals("134217728", Files.readString(group.resolve("memory.memsw.limit_in_bytes")));
        assertEquals(-1, v1.peakBytes(group), "no peak file yet");
        Files.writeString(group.resolve("memory.max_usage_in_bytes"), "52428800\n");
        assertEquals(52_428_800, v1.peakBytes(group));
        Files.writeString(group.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
        assertFalse(v1.oomKilled(group));
        Files.writeString(group.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        assertTrue(v1.oomKilled(group));
    }

    @Test
    void v2LimitsMemoryWithoutSwapAndReadsItsPeakAndOomCounter(@TempDir Path group) throws Exception {
        CgroupVersion v2 = new CgroupV2();
        v2.limitMemory(group, 128L << 20);
        assertEquals("134217728", Files.readString(group.resolve("memory.max")));
        assertEquals("0", Files.readString(group.resolve("memory.swap.max")));
        Files.writeString(group.resolve("memory.peak"), "52428800\n");
        assertEquals(52_428_800, v2.peakBytes(group));
        Files.writeString(group.resolve("memory.max_usage_in_bytes"), "1\n");
        assertEquals(52_428_800, v2.peakBytes(group), "v1's file is not v2's");
        Files.writeString(group.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\n");
        assertFalse(v2.oomKilled(group));
        Files.writeString(group.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\n");
        assertTrue(v2.oomKilled(group));
    }

    @Test
    void bothVersionsJoinAGroupThroughCgroupProcs(@TempDir Path group) {
        assertEquals(group.resolve("cgroup.procs"), new CgroupV1().procsFile(group));
        assertEquals(group.resolve("cgroup.procs"), new CgroupV2().procsFile(group));
    }

    @Test
    void labelsAndDescriptionsNameTheVersionAndItsPeakFile() {
        assertEquals("cgroup-v1", new CgroupV1().label());
        assertEquals("cgroup-v2", new CgroupV2().label());
        assertEquals("none", new NoCgroup().label());
        assertTrue(new CgroupV1().limits() && new CgroupV2().limits() && !new NoCgroup().limits());
        assertEquals(
                "cgroup-v2 (memory/1769 vCPU per environment from its first /next, CFS period 20 ms below 1 vCPU; init:"
                        + " see init cpu)",
                new CgroupV2().describeCpu("20 ms below 1 vCPU", "ignored"));
        assertEquals(
                "none (environments run unthrottled: CPU-bound durations will not scale with memory; no controller)",
                new NoCgroup().describeCpu("20 ms", "no controller"));
        assertEquals(
                "none (environments run unthrottled: CPU-bound durations will not scale with memory)",
                new NoCgroup().describeCpu("20 ms", null));
        assertEquals(
                "cgroup-v1 (limit = MemorySize; Max Memory Used = max(memory.max_usage_in_bytes, JVM VmHWM))",
                new CgroupV1().describeMemory());
        assertEquals(
                "cgroup-v2 (limit = MemorySize; Max Memory Used = max(memory.peak, JVM VmHWM))",
                new CgroupV2().describeMemory());
    }
}
