package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the host's CPUs busy, at a priority that yields to every environment, while CPU quotas are in force.
 *
 * <p>Why: a throttled environment runs in short bursts (14 ms of every 100 ms at 256 MB). Between bursts an otherwise idle
 * CPU halts, and on a VM or a power-saving host it then runs the next burst slower (clock ramp-up, vCPU wake-up): measured
 * here, a 256 MB loop took 3.3 s instead of the model's 1.7 s, and 1.7–1.8 s with spinners. Lambda's hosts are never
 * idle, so keeping ours busy is the faithful choice.
 *
 * <p>How: one ordinary shell loop per CPU in a cgroup whose {@code cpu.idle} is 1 ({@link Cgroups#idleGroup()}). The
 * first keeper ran its loops as SCHED_IDLE tasks instead; they cost a 3008 MB environment its second core (two threads
 * took 1798 ms where one took 1372 ms; 772 ms without spinners), whereas loops in an idle group leave it (792 ms) and
 * keep the small sizes on the model. Where the kernel has no cpu.idle the SCHED_IDLE loops are the fallback, and
 * {@link #mode} says which ran. Each loop also stops by itself when this server's process is gone.
 */
public final class CpuKeeper implements AutoCloseable {
    private final List<Process> spinners = new ArrayList<>();
    /** idle-cgroup, sched-idle, off or unavailable (served as cpuKeeper by /_local/info, recorded in run.json). */
    public final String mode;

    public final String description;

    /** No keeper: nothing is throttled, so nothing needs keeping awake. */
    public static final CpuKeeper NONE = new CpuKeeper("none", "none (no CPU limit)");

    private CpuKeeper(String mode, String description) {
        this.mode = mode;
        this.description = description;
    }

    public static CpuKeeper start(Cgroups cgroups, boolean wanted) {
        if (!wanted) {
            return new CpuKeeper(
                    "off", "off (--no-cpu-keeper): short throttled bursts may run slower than Lambda's model");
        }
        int cpus = cgroups.hostCores();
        String loop = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do :; done";
        Path idle = cgroups.idleGroup();
        if (idle != null) {
            CpuKeeper keeper = new CpuKeeper(
                    "idle-cgroup",
                    cpus + " spinner(s) in a cgroup with cpu.idle=1 keep the CPUs awake "
                            + "between throttled bursts and yield to every environment (--no-cpu-keeper turns them off)");
            // the loop moves itself into the idle group before it spins; nothing spins if that write fails
            String script = "echo $$ > '" + idle.resolve("cgroup.procs") + "' || exit 1; " + loop;
            if (keeper.spawn(cpus, List.of("/bin/sh", "-c", script)) && keeper.allIn(idle)) {
                return keeper;
            }
            keeper.close();
        }
        CpuKeeper keeper = new CpuKeeper(
                "sched-idle",
                cpus + " SCHED_IDLE spinner(s) keep the CPUs awake between throttled "
                        + "bursts (no cgroup cpu.idle here, so a multi-vCPU environment's second thread may lose its core; "
                        + "--no-cpu-keeper turns them off)");
        if (keeper.spawn(cpus, List.of("chrt", "--idle", "0", "/bin/sh", "-c", loop))) {
            return keeper;
        }
        keeper.close();
        return new CpuKeeper(
                "unavailable",
                "unavailable (needs cgroup cpu.idle or chrt from util-linux): short throttled "
                        + "bursts may run slower than Lambda's model");
    }

    private boolean spawn(int count, List<String> command) {
        try {
            for (int i = 0; i < count; i++) {
                spinners.add(new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True once every spinner has moved itself into the group (within a second). */
    private boolean allIn(Path group) {
        for (int i = 0; i < 100; i++) {
            String procs = CgroupFiles.read(group.resolve("cgroup.procs"));
            if (procs != null) {
                List<String> pids = List.of(procs.trim().split("\\s+"));
                if (spinners.stream().allMatch(p -> pids.contains(Long.toString(p.pid())))) {
                    return true;
                }
            }
            if (spinners.stream().anyMatch(p -> !p.isAlive())) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        spinners.forEach(Process::destroyForcibly);
        spinners.clear();
    }
}
