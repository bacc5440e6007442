package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CPU and memory limits per execution environment through cgroups.
 *
 * <p>CPU: per phase, as {@link CpuShare} models Lambda: the init phase's allowance first, then memory/1769 vCPU (1 vCPU
 * at 1769 MB) from the runtime's first /next, capped at the host's cores. Memory: a cgroup memory limit of MemorySize
 * (the kernel kills the JVM past it, as Lambda) and the peak usage for Max Memory Used; without a memory controller, the
 * caller watches RSS. Which controllers there are, and in which cgroup version, {@link CgroupDetection} finds; the file
 * names of each version are {@link CgroupVersion}'s.
 *
 * <p>Groups live under one kit group per server (local-lambda-&lt;pid&gt;) and are removed on environment end and shutdown.
 */
public final class Cgroups {
    /**
     * The CFS period of an environment whose share is below one vCPU (see {@link CpuShare#periodMicros}: lengthened
     * where the quota would be under 1 ms, 100 ms from one vCPU up). 20 ms fits AWS's hello-world cold calls at 128, 256
     * and 1024 MB, and throttles calls of tens of ms as the continuous share memory/1769 predicts.
     */
    public static final long DEFAULT_PERIOD_US = 20_000;

    private final CgroupVersion cpu;
    private final CgroupVersion memory;
    public final String reason; // why limits are missing, or null
    private final Path cpuRoot; // kit group for cpu (v1 cpu hierarchy or v2 group), null without a cpu controller
    private final Path memRoot; // kit group for memory, null without a memory controller
    private final int hostCores;
    private volatile CpuShare.InitCpu initCpu = CpuShare.InitCpu.ONE;
    private volatile long targetPeriodUs = DEFAULT_PERIOD_US;
    private volatile Path keeperGroup; // the CPU keeper's idle group, or null

    Cgroups(CgroupVersion cpu, Path cpuRoot, CgroupVersion memory, Path memRoot, String reason, int hostCores) {
        this.cpu = cpu;
        this.cpuRoot = cpuRoot;
        this.memory = memory;
        this.memRoot = memRoot;
        this.reason = reason;
        this.hostCores = hostCores;
    }

    /**
     * The server's limits: none when disabled or off Linux; else, after removing the groups dead servers left, the
     * controllers {@link CgroupDetection} finds under /sys/fs/cgroup, with the kit group created in each.
     */
    public static Cgroups detect(String kitGroup, boolean disabled) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (disabled) {
            return none("disabled by --no-cgroups", cores);
        }
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return none("not Linux (" + System.getProperty("os.name") + ")", cores);
        }
        removeStale();
        return CgroupDetection.detect(CgroupDetection.MOUNT_POINT, kitGroup, cores);
    }

    private static Cgroups none(String reason, int cores) {
        return new Cgroups(new NoCgroup(), null, new NoCgroup(), null, reason, cores);
    }

    /** Whether environments get a CPU quota (else they run unthrottled, and {@link #reason} says why). */
    public boolean limitsCpu() {
        return cpu.limits();
    }

    /** "cgroup-v1", "cgroup-v2" or "none": what limits the CPU (/_local/info's cpuLimitMode). */
    public String cpuLimitMode() {
        return cpu.label();
    }

    public int hostCores() {
        return hostCores;
    }

    /** What on-demand init phases get from now on (server option --init-cpu). */
    public Cgroups initCpu(CpuShare.InitCpu mode) {
        this.initCpu = mode;
        return this;
    }

    public CpuShare.InitCpu initCpu() {
        return initCpu;
    }

    /** The CFS period environments aim at from now on (server option --cpu-period; 100 ms was the first model's). */
    public Cgroups targetPeriod(long micros) {
        this.targetPeriodUs = micros;
        return this;
    }

    public long targetPeriodMicros() {
        return targetPeriodUs;
    }

    /**
     * A group for the CPU keeper's spinners whose {@code cpu.idle} is 1: ordinary processes in it run only when nothing
     * else wants the CPU (as SCHED_IDLE tasks would) but, unlike SCHED_IDLE tasks, they do not keep a multi-vCPU
     * environment's second thread off the second core. It sits at the top of the hierarchy, beside the kit group
     * ({@code local-lambda-keeper-<pid>}): cpu.idle only yields to siblings, so inside the kit group it would yield to
     * this server's environments but compete at full weight with everything else on the host (another local Lambda's
     * environments included). Null where the kernel has no cpu.idle (before 5.15) or there is no CPU limit.
     */
    Path idleGroup() {
        if (cpuRoot == null) {
            return null;
        }
        Path group =
                cpuRoot.resolveSibling(keeperGroupName(ProcessHandle.current().pid()));
        try {
            Files.createDirectories(group);
            if (!Files.isRegularFile(group.resolve("cpu.idle"))) {
                Files.deleteIfExists(group);
                return null;
            }
            CgroupFiles.write(group.resolve("cpu.idle"), "1");
            keeperGroup = group;
            return group;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(group);
            } catch (IOException ignored) {
                /* best effort */
            }
            return null;
        }
    }

    public static String keeperGroupName(long serverPid) {
        return "local-lambda-keeper-" + serverPid;
    }

    /**
     * One environment's groups, starting in the init phase: its CPU quota is the init allowance until
     * {@link EnvironmentGroup#enterInvokePhase()}.
     *
     * @param provisioned a provisioned-concurrency init (no boost)
     */
    public EnvironmentGroup create(String envId, int memoryMb, boolean provisioned) {
        Path cpuGroup = null;
        Path memGroup = null;
        CpuShare.Limit[] phases = CpuShare.phaseLimits(
                CpuShare.initVcpus(initCpu, provisioned, memoryMb, hostCores),
                CpuShare.invokeVcpus(memoryMb, hostCores),
                targetPeriodUs);
        CpuShare.Limit invoke = phases[1];
        try {
            if (cpuRoot != null) {
                cpuGroup = cpuRoot.resolve(envId);
                Files.createDirectories(cpuGroup);
                cpu.limitCpu(cpuGroup, phases[0]);
            }
            if (memRoot != null) {
                // in v2 one group holds both controllers
                memGroup = memRoot.equals(cpuRoot) ? cpuGroup : memRoot.resolve(envId);
                Files.createDirectories(memGroup);
                memory.limitMemory(memGroup, (long) memoryMb * 1024 * 1024);
            }
        } catch (IOException e) {
            System.err.println("local-lambda: cgroup setup for " + envId + " failed: " + e.getMessage());
        }
        return new EnvironmentGroup(cpuGroup, cpu, memGroup, memory, invoke);
    }

    /** Removes the kit groups (after all environments are gone) and the keeper's group (its spinners killed). */
    public void removeAll() {
        Path keeper = keeperGroup;
        if (keeper != null) {
            killAll(keeper);
            try {
                Files.deleteIfExists(keeper);
            } catch (IOException e) {
                System.err.println("local-lambda: could not remove " + keeper + ": " + e.getMessage());
            }
        }
        for (Path root : new Path[] {cpuRoot, memRoot}) {
            if (root == null || !Files.isDirectory(root)) {
                continue;
            }
            try (var s = Files.list(root)) {
                s.filter(Files::isDirectory).forEach(p -> {
                    killAll(p);
                    try {
                        Files.delete(p);
                    } catch (IOException ignored) {
                        /* retried below */
                    }
                });
            } catch (IOException ignored) {
                // gone already
            }
            try {
                Files.deleteIfExists(root);
            } catch (IOException e) {
                System.err.println("local-lambda: could not remove " + root + ": " + e.getMessage());
            }
        }
    }

    /**
     * Whether p is a local Lambda server (its command line runs local-lambda.jar with -jar, or locallambda.Main): a
     * pid a killed server left may since name an unrelated process, whose groups are stale all the same.
     */
    public static boolean isServer(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        var info = p.info();
        String cmd = info.command().orElse("") + " "
                + String.join(" ", info.arguments().orElse(new String[0]));
        return cmd.contains("locallambda.Main") || cmd.matches(".*\\s-jar\\s+\\S*local-lambda\\.jar(\\s.*)?");
    }

    /**
     * Whether the process that made the group still runs: a live pid that started before the group's last change. A
     * pid a dead server left and the system gave to a later process is seen as dead (it started after the group was
     * last touched, as nothing touches a dead server's group). The command line is not asked: a server started inside
     * another JVM (the tests' failsafe forks) is a server too, and its running environments must not be killed.
     */
    static boolean madeByLiveProcess(Path group, long pid) {
        var start = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(h -> h.info().startInstant());
        if (start.isEmpty()) {
            return false;
        }
        try {
            // whole seconds: a process's start time is known to the clock tick, a file time to the nanosecond
            long touched = Files.getLastModifiedTime(group).toInstant().getEpochSecond();
            return start.get().getEpochSecond() <= touched;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Groups of a local Lambda that did not stop cleanly (killed with SIGKILL, host crash): "local-lambda-<pid>" whose
     * pid is gone or no longer a server's. Their environments' JVMs may still run inside them; they are killed and the
     * groups removed. (scripts/local-lambda.sh stop runs it through {@code locallambda.Cleanup}.)
     */
    public static List<Path> removeStale() {
        List<Path> removed = new ArrayList<>();
        for (String r :
                List.of("/sys/fs/cgroup", "/sys/fs/cgroup/unified", "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/memory")) {
            Path root = Paths.get(r);
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> stale;
            try (var s = Files.list(root)) {
                stale = s.filter(p -> {
                            String n = p.getFileName().toString();
                            if (!n.matches("local-lambda-(keeper-)?\\d+")) {
                                return false;
                            }
                            return !madeByLiveProcess(p, Long.parseLong(n.substring(n.lastIndexOf('-') + 1)));
                        })
                        .toList();
            } catch (IOException | RuntimeException e) {
                continue;
            }
            for (Path group : stale) {
                try (var envs = Files.list(group)) {
                    for (Path env : envs.filter(Files::isDirectory).toList()) {
                        killAll(env);
                        Files.deleteIfExists(env);
                    }
                    killAll(group);
                    Files.deleteIfExists(group);
                    removed.add(group);
                } catch (IOException e) {
                    System.err.println("local-lambda: could not remove the stale " + group + ": " + e.getMessage());
                }
            }
        }
        return removed;
    }

    private static void killAll(Path group) {
        String procs = CgroupFiles.read(group.resolve("cgroup.procs"));
        if (procs == null) {
            return;
        }
        for (String pid : procs.split("\\s+")) {
            if (pid.isBlank()) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (int i = 0; i < 50; i++) {
            String left = CgroupFiles.read(group.resolve("cgroup.procs"));
            if (left == null || left.isBlank()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public String describe() {
        return cpu.describeCpu(periodText(), reason);
    }

    /** "20 ms below 1 vCPU, 100 ms from 1 vCPU up". */
    private String periodText() {
        long whole = CpuShare.periodMicros(1, targetPeriodUs);
        return ms(targetPeriodUs) + " below 1 vCPU"
                + (whole == targetPeriodUs ? "" : ", " + ms(whole) + " from 1 vCPU up");
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0).replace(".0", "") + " ms";
    }

    public String describeMemory() {
        return memory.describeMemory();
    }
}
