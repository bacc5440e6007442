package locallambda;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the host's CPUs busy at the lowest scheduling priority (SCHED_IDLE) while CPU quotas are in force.
 *
 * <p>Why: a throttled environment runs in short bursts (14 ms of every 100 ms at 256 MB). Between bursts an otherwise idle
 * CPU halts, and on a VM or a power-saving host it then runs the next burst slower (clock ramp-up, vCPU wake-up): measured
 * here, a 256 MB loop took 3.3 s instead of the model's 1.7 s, and 1.7–1.8 s with these spinners. Lambda's hosts are never
 * idle, so keeping ours busy is the faithful choice. SCHED_IDLE work only runs when nothing else wants the CPU, so it takes
 * nothing measurable from the environments. Each spinner also stops by itself when this server's process is gone.
 */
final class CpuKeeper implements AutoCloseable {
    private final List<Process> spinners = new ArrayList<>();
    final String description;

    private CpuKeeper(String description) {
        this.description = description;
    }

    static CpuKeeper start(int cpus, boolean wanted) {
        if (!wanted) {
            return new CpuKeeper("off (--no-cpu-keeper): short throttled bursts may run slower than Lambda's model");
        }
        long server = ProcessHandle.current().pid();
        CpuKeeper keeper = new CpuKeeper(cpus + " SCHED_IDLE spinner(s) keep the CPUs awake between throttled bursts"
                + " (--no-cpu-keeper turns them off)");
        try {
            for (int i = 0; i < cpus; i++) {
                keeper.spinners.add(new ProcessBuilder("chrt", "--idle", "0", "/bin/sh", "-c",
                        "while kill -0 " + server + " 2>/dev/null; do :; done")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
        } catch (IOException e) {
            keeper.close();
            return new CpuKeeper("unavailable (" + e.getMessage() + "; needs chrt from util-linux): short throttled bursts "
                    + "may run slower than Lambda's model");
        }
        return keeper;
    }

    @Override
    public void close() {
        spinners.forEach(Process::destroyForcibly);
        spinners.clear();
    }
}
