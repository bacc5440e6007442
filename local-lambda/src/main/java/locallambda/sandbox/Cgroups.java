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
 * at 1769 MB) from the runtime's first /next, capped at the host's cores; cgroup v2 cpu.max when the unified hierarchy
 * has the cpu controller, else cgroup v1 cpu.cfs_quota_us / cpu.cfs_period_us, else none. Both files can be rewritten
 * while the group's tasks run, which is how an environment drops from its init allowance to its invoke share.
 * Memory: a cgroup memory limit of MemorySize (the kernel kills the JVM past it, as Lambda) and the peak usage for
 * Max Memory Used (v1 memory.max_usage_in_bytes, v2 memory.peak); without a memory controller, the caller watches RSS.
 *
 * <p>Groups live under one kit group per server (local-lambda-&lt;pid&gt;) and are removed on environment end and shutdown.
 */
public final class Cgroups {
    public enum CpuMode {
        V2("cgroup-v2"),
        V1("cgroup-v1"),
        NONE("none");
        public final String label;

        CpuMode(String label) {
            this.label = label;
        }
    }

    enum MemMode {
        V2,
        V1,
        NONE
    }

    /**
     * The CFS period of an environment whose share is below one vCPU (see {@link CpuShare#periodMicros}: lengthened
     * where the quota would be under 1 ms, 100 ms from one vCPU up). 20 ms fits AWS's hello-world cold calls at 128, 256
     * and 1024 MB, and throttles calls of tens of ms as the continuous share memory/1769 predicts.
     */
    public static final long DEFAULT_PERIOD_US = 20_000;

    public final CpuMode cpuMode;
    final MemMode memMode;
    public final String reason; // why limits are missing, or null
    private final Path cpuRoot; // kit group for cpu (v1 cpu hierarchy or v2 group)
    private final Path memRoot; // kit group for memory
    private final int hostCores;
    private volatile CpuShare.InitCpu initCpu = CpuShare.InitCpu.ONE;
    private volatile long targetPeriodUs = DEFAULT_PERIOD_US;
    private volatile Path keeperGroup; // the CPU keeper's idle group, or null

    private Cgroups(CpuMode cpu, MemMode mem, Path cpuRoot, Path memRoot, String reason, int hostCores) {
        this.cpuMode = cpu;
        this.memMode = mem;
        this.cpuRoot = cpuRoot;
        this.memRoot = memRoot;
        this.reason = reason;
        this.hostCores = hostCores;
    }

    public static Cgroups detect(String kitGroup, boolean disabled) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (disabled) {
            return new Cgroups(CpuMode.NONE, MemMode.NONE, null, null, "disabled by --no-cgroups", cores);
        }
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return new Cgroups(
                    CpuMode.NONE, MemMode.NONE, null, null, "not Linux (" + System.getProperty("os.name") + ")", cores);
        }
        removeStale();
        List<String> why = new ArrayList<>();
        CpuMode cpu = CpuMode.NONE;
        MemMode mem = MemMode.NONE;
        Path cpuRoot = null;
        Path memRoot = null;
        // cgroup v2: unified hierarchy at /sys/fs/cgroup (pure v2) or /sys/fs/cgroup/unified (hybrid)
        for (String u : List.of("/sys/fs/cgroup", "/sys/fs/cgroup/unified")) {
            Path root = Paths.get(u);
            Path controllers = root.resolve("cgroup.controllers");
            if (!Files.isRegularFile(controllers)) {
                continue;
            }
            String ctl = read(controllers);
            Path group = root.resolve(kitGroup);
            boolean hasCpu = ctl != null && (" " + ctl + " ").contains(" cpu ");
            boolean hasMem = ctl != null && (" " + ctl + " ").contains(" memory ");
            if (!hasCpu && !hasMem) {
                why.add(u + " (cgroup v2) has no cpu/memory controller");
                continue;
            }
            try {
                Files.createDirectories(group);
                // enable controllers for the environments' groups below the kit group
                write(root.resolve("cgroup.subtree_control"), (hasCpu ? "+cpu " : "") + (hasMem ? "+memory" : ""));
                write(group.resolve("cgroup.subtree_control"), (hasCpu ? "+cpu " : "") + (hasMem ? "+memory" : ""));
                if (hasCpu) {
                    cpu = CpuMode.V2;
                    cpuRoot = group;
                }
                if (hasMem) {
                    mem = MemMode.V2;
                    memRoot = group;
                }
            } catch (IOException e) {
                why.add("cannot create " + group + " (" + e.getMessage() + ")");
                try {
                    Files.deleteIfExists(group);
                } catch (IOException ignored) {
                    /* best effort */
                }
            }
            break;
        }
        if (cpu == CpuMode.NONE) {
            Path v1 = Paths.get("/sys/fs/cgroup/cpu");
            if (Files.isRegularFile(v1.resolve("cpu.cfs_quota_us"))) {
                cpuRoot = createV1Group(v1, kitGroup, why, ": run as root or give this user a delegated cgroup");
                cpu = cpuRoot != null ? CpuMode.V1 : CpuMode.NONE;
            } else if (why.isEmpty()) {
                why.add("no cgroup cpu controller found (v2 cpu.max or v1 /sys/fs/cgroup/cpu)");
            }
        }
        Path memV1 = Paths.get("/sys/fs/cgroup/memory");
        if (mem == MemMode.NONE && Files.isRegularFile(memV1.resolve("memory.limit_in_bytes"))) {
            memRoot = createV1Group(memV1, kitGroup, why, "");
            mem = memRoot != null ? MemMode.V1 : MemMode.NONE;
        }
        return new Cgroups(cpu, mem, cpuRoot, memRoot, why.isEmpty() ? null : String.join("; ", why), cores);
    }

    /** The kit's group under a cgroup v1 controller, created; null (and why) when it cannot be. */
    private static Path createV1Group(Path controller, String kitGroup, List<String> why, String hint) {
        Path group = controller.resolve(kitGroup);
        try {
            Files.createDirectories(group);
            return group;
        } catch (IOException e) {
            why.add("cannot create " + group + " (" + e.getMessage() + ")" + hint);
            return null;
        }
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
            write(group.resolve("cpu.idle"), "1");
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
        Path cpu = null;
        Path mem = null;
        CpuShare.Limit[] phases = CpuShare.phaseLimits(
                CpuShare.initVcpus(initCpu, provisioned, memoryMb, hostCores),
                CpuShare.invokeVcpus(memoryMb, hostCores),
                targetPeriodUs);
        CpuShare.Limit invoke = phases[1];
        try {
            if (cpuRoot != null) {
                cpu = cpuRoot.resolve(envId);
                Files.createDirectories(cpu);
                EnvironmentGroup.writeLimit(cpu, cpuMode, phases[0]);
            }
            if (memRoot != null) {
                mem = memRoot.equals(cpuRoot) ? cpu : memRoot.resolve(envId);
                Files.createDirectories(mem);
                long limit = (long) memoryMb * 1024 * 1024;
                if (memMode == MemMode.V1) {
                    write(mem.resolve("memory.limit_in_bytes"), Long.toString(limit));
                    try {
                        write(mem.resolve("memory.memsw.limit_in_bytes"), Long.toString(limit));
                    } catch (IOException ignored) {
                        /* no swap accounting */
                    }
                } else {
                    write(mem.resolve("memory.max"), Long.toString(limit));
                    try {
                        write(mem.resolve("memory.swap.max"), "0");
                    } catch (IOException ignored) {
                        /* no swap controller */
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("local-lambda: cgroup setup for " + envId + " failed: " + e.getMessage());
        }
        return new EnvironmentGroup(cpu, mem, cpuMode, memMode, invoke);
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
        String procs = read(group.resolve("cgroup.procs"));
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
            String left = read(group.resolve("cgroup.procs"));
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
        return switch (cpuMode) {
            case V1, V2 ->
                cpuMode.label + " (memory/1769 vCPU per environment from its first /next, CFS period " + periodText()
                        + "; init: see init cpu)";
            case NONE ->
                "none (environments run unthrottled: CPU-bound durations will not scale with memory"
                        + (reason == null ? "" : "; " + reason) + ")";
        };
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
        return switch (memMode) {
            case V1 -> "cgroup-v1 (limit = MemorySize; Max Memory Used = max(memory.max_usage_in_bytes, JVM VmHWM))";
            case V2 -> "cgroup-v2 (limit = MemorySize; Max Memory Used = max(memory.peak, JVM VmHWM))";
            // the watcher and VmHWM both read /proc/<pid>/status, which exists on Linux only
            case NONE ->
                Files.isRegularFile(Paths.get("/proc/self/status"))
                        ? "none (Max Memory Used = JVM VmHWM; RSS watcher kills environments past MemorySize)"
                        : "none (no /proc here: MemorySize is not enforced and Max Memory Used reads 0)";
        };
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return null;
        }
    }

    static void write(Path p, String value) throws IOException {
        Files.writeString(p, value);
    }
}
