package locallambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection and environment groups against temporary folders laid out as a cgroup mount point: pure v2, hybrid v1
 * (this kit's usual Docker host), and the mixes where CPU and memory come from different versions.
 */
class CgroupDetectionTest {
    private static final String KIT = "local-lambda-1";
    private static final int MB = 128; // init 1 vCPU = 20000 µs per 20 ms; invoke 128/1769 vCPU = 1447 µs

    private static void v2Controllers(Path unified, String controllers) throws Exception {
        Files.createDirectories(unified);
        Files.writeString(unified.resolve("cgroup.controllers"), controllers + "\n");
    }

    private static void v1Cpu(Path mount) throws Exception {
        Files.createDirectories(mount.resolve("cpu"));
        Files.writeString(mount.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
    }

    private static void v1Memory(Path mount) throws Exception {
        Files.createDirectories(mount.resolve("memory"));
        Files.writeString(mount.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
    }

    @Test
    void pureV2PutsCpuAndMemoryInOneGroupPerEnvironment(@TempDir Path mount) throws Exception {
        v2Controllers(mount, "cpuset cpu io memory hugetlb pids rdma misc");
        v1Cpu(mount); // a v2 cpu controller wins over v1
        Cgroups c = CgroupDetection.detect(mount, KIT, 2);
        assertEquals("cgroup-v2", c.cpuLimitMode());
        assertTrue(c.limitsCpu());
        assertNull(c.reason);
        assertEquals("+cpu +memory", Files.readString(mount.resolve("cgroup.subtree_control")));
        assertEquals("+cpu +memory", Files.readString(mount.resolve(KIT).resolve("cgroup.subtree_control")));
        assertFalse(Files.exists(mount.resolve("cpu").resolve(KIT)), "no v1 group");

        EnvironmentGroup g = c.create("env", MB, false);
        Path env = mount.resolve(KIT).resolve("env");
        assertEquals("20000 20000", Files.readString(env.resolve("cpu.max")), "the init boost: 1 vCPU");
        assertEquals("134217728", Files.readString(env.resolve("memory.max")));
        assertEquals(env, g.mem);
        assertEquals(List.of(env.resolve("cgroup.procs")), g.procsFiles(), "one group, entered once");
        g.enterInvokePhase();
        assertEquals("1447 20000", Files.readString(env.resolve("cpu.max")));
        assertEquals(new CpuShare.Limit(1447, 20000), g.cpuLimit());
        Files.writeString(env.resolve("memory.peak"), "1048576\n");
        assertEquals(1_048_576, g.peakBytes());
    }

    @Test
    void hybridWithAnEmptyUnifiedHierarchyUsesV1ForBoth(@TempDir Path mount) throws Exception {
        v2Controllers(mount.resolve("unified"), "");
        v1Cpu(mount);
        v1Memory(mount);
        Cgroups c = CgroupDetection.detect(mount, KIT, 2);
        assertEquals("cgroup-v1", c.cpuLimitMode());
        assertEquals(mount.resolve("unified") + " (cgroup v2) has no cpu/memory controller", c.reason);
        assertEquals(
                "cgroup-v1 (memory/1769 vCPU per environment from its first /next, CFS period 20 ms below 1 vCPU, "
                        + "100 ms from 1 vCPU up; init: see init cpu)",
                c.describe());
        assertEquals(new CgroupV1().describeMemory(), c.describeMemory());

        EnvironmentGroup g = c.create("env", MB, false);
        Path cpu = mount.resolve("cpu").resolve(KIT).resolve("env");
        Path mem = mount.resolve("memory").resolve(KIT).resolve("env");
        assertEquals("20000", Files.readString(cpu.resolve("cpu.cfs_period_us")));
        assertEquals("20000", Files.readString(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals("134217728", Files.readString(mem.resolve("memory.limit_in_bytes")));
        assertEquals(List.of(cpu.resolve("cgroup.procs"), mem.resolve("cgroup.procs")), g.procsFiles());
        g.enterInvokePhase();
        assertEquals("1447", Files.readString(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals(new CpuShare.Limit(1447, 20000), g.cpuLimit());
        Files.writeString(mem.resolve("memory.oom_control"), "oom_kill 1\n");
        assertTrue(g.oomKilled());
    }

    @Test
    void v1CpuCanComeWithV2Memory(@TempDir Path mount) throws Exception {
        v2Controllers(mount.resolve("unified"), "memory pids");
        v1Cpu(mount);
        v1Memory(mount); // v2 memory wins over v1
        Cgroups c = CgroupDetection.detect(mount, KIT, 2);
        assertEquals("cgroup-v1", c.cpuLimitMode());
        assertEquals(new CgroupV2().describeMemory(), c.describeMemory());
        assertNull(c.reason);
        assertEquals("+memory", Files.readString(mount.resolve("unified/cgroup.subtree_control")));
        assertFalse(Files.exists(mount.resolve("memory").resolve(KIT)), "no v1 memory group");

        EnvironmentGroup g = c.create("env", MB, false);
        Path cpu = mount.resolve("cpu").resolve(KIT).resolve("env");
        Path mem = mount.resolve("unified").resolve(KIT).resolve("env");
        assertEquals("20000", Files.readString(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals("134217728", Files.readString(mem.resolve("memory.max")));
        assertFalse(Files.exists(cpu.resolve("cpu.max")) || Files.exists(mem.resolve("memory.limit_in_bytes")));
        assertEquals(List.of(cpu.resolve("cgroup.procs"), mem.resolve("cgroup.procs")), g.procsFiles());
    }

    @Test
    void v2CpuCanComeWithV1Memory(@TempDir Path mount) throws Exception {
        v2Controllers(mount.resolve("unified"), "cpu pids");
        v1Memory(mount);
        Cgroups c = CgroupDetection.detect(mount, KIT, 2);
        assertEquals("cgroup-v2", c.cpuLimitMode());
        assertEquals(new CgroupV1().describeMemory(), c.describeMemory());
        assertEquals("+cpu ", Files.readString(mount.resolve("unified/cgroup.subtree_control")));

        EnvironmentGroup g = c.create("env", MB, false);
        assertEquals(
                "20000 20000",
                Files.readString(mount.resolve("unified").resolve(KIT).resolve("env/cpu.max")));
        assertEquals(
                "134217728",
                Files.readString(mount.resolve("memory").resolve(KIT).resolve("env/memory.limit_in_bytes")));
    }

    @Test
    void aKitGroupThatCannotBeCreatedLeavesThatControllerOutAndSaysWhy(@TempDir Path mount) throws Exception {
        v1Cpu(mount);
        v1Memory(mount);
        Files.writeString(mount.resolve("cpu").resolve(KIT), "a file where the group would go");
        Cgroups c = CgroupDetection.detect(mount, KIT, 2);
        assertEquals("none", c.cpuLimitMode());
        assertFalse(c.limitsCpu());
        assertTrue(
                c.reason.startsWith("cannot create " + mount.resolve("cpu").resolve(KIT) + " (")
                        && c.reason.endsWith("): run as root or give this user a delegated cgroup"),
                c.reason);
        assertTrue(c.describe().startsWith("none (environments run unthrottled"), c.describe());
        assertEquals(new CgroupV1().describeMemory(), c.describeMemory(), "memory still limited");
        EnvironmentGroup g = c.create("env", MB, false);
        assertEquals(List.of(g.mem.resolve("cgroup.procs")), g.procsFiles());
    }

    @Test
    void noControllerMeansNoGroupsAndSaysWhy(@TempDir Path mount) {
        Cgroups c = CgroupDetection.detect(mount, KIT, 2);
        assertEquals("none", c.cpuLimitMode());
        assertEquals("no cgroup cpu controller found (v2 cpu.max or v1 /sys/fs/cgroup/cpu)", c.reason);
        assertEquals(new NoCgroup().describeMemory(), c.describeMemory());
        EnvironmentGroup g = c.create("env", MB, false);
        assertNull(g.mem);
        assertEquals(List.of(), g.procsFiles());
        assertEquals(-1, g.peakBytes());
        assertFalse(g.oomKilled());
        g.enterInvokePhase(); // nothing to throttle, nothing thrown
        assertEquals(new CpuShare.Limit(-1, -1), g.cpuLimit());
    }

    @Test
    void disabledCgroupsLimitNothing() {
        Cgroups c = Cgroups.detect(KIT, true);
        assertEquals("none", c.cpuLimitMode());
        assertEquals("disabled by --no-cgroups", c.reason);
        assertEquals(
                "none (environments run unthrottled: CPU-bound durations will not scale with memory; disabled by "
                        + "--no-cgroups)",
                c.describe());
    }
}
