package locallambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import locallambda.sandbox.EnvironmentGroup;
import locallambda.sandbox.InitType;
import locallambda.sandbox.SandboxCommand;
import locallambda.sandbox.TmpIsolation;
import locallambda.template.FunctionConfig;

/**
 * What one execution environment takes from the host, and gives back exactly once: its Runtime API server, its cgroups,
 * its log channels, its private /tmp and its child JVM (with the memory meter that reads the JVM's peak before the
 * cgroup goes). ExecutionEnvironment decides when (its phases); this class only holds and releases.
 *
 * <p>Threads: taken by the thread starting the environment; the JVM is replaced by a timer thread (init retry); released
 * by whichever ending comes last (invoking thread, timer, process exit callback, a failed start). The fields are
 * volatile for those readers, and {@link #release} runs its body once.
 */
final class EnvironmentResources {
    final LogChannels channels;
    final MemoryMeter memory;
    private final EnvironmentHost host;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile RuntimeApiServer api;
    private volatile EnvironmentGroup group;
    private volatile Path privateTmp; // mounted on /tmp for this environment's JVM, or null
    private volatile Process process; // null while the JVM is being replaced (its exit is then no death)
    // written in prepareLaunch() before the first launch; the init retry's relaunch reads it on a timer thread that was
    // scheduled after that write
    private ProcessBuilder launcher;

    EnvironmentResources(int memoryMb, EnvironmentHost host, LogSink sink) {
        this.channels = new LogChannels(sink);
        this.memory = new MemoryMeter(memoryMb);
        this.host = host;
    }

    /**
     * Takes the Runtime API server, the cgroups, the log channels and the private /tmp, in that order. When one fails,
     * what was taken before it is given back by {@link #release}.
     */
    void take(String id, int memoryMb, int acceptTimeoutMs, RuntimeApiServer.Handler handler, InitType initType)
            throws IOException {
        api = new RuntimeApiServer(handler, host.io());
        // a provisioned-concurrency init gets no CPU boost (see CpuShare)
        group = host.cgroups().create(id, memoryMb, initType == InitType.PROVISIONED);
        channels.open(Files.isExecutable(SandboxCommand.BASH), acceptTimeoutMs);
        privateTmp = host.tmp().isPrivate() ? Files.createTempDirectory("local-lambda-tmp-" + id) : null;
    }

    /** Builds the JVM's command (JvmLaunch) over what was taken: the Runtime API port, the cgroups, the channels, /tmp. */
    void prepareLaunch(FunctionConfig fn, Path artifact, String logStream, InitType initType) {
        JvmLaunch.Sandbox sandbox = new JvmLaunch.Sandbox(
                logStream,
                api.port(),
                group.procsFiles(),
                channels.telemetryPort(),
                channels.stdoutPort(),
                channels.stderrPort(),
                privateTmp,
                initType);
        launcher = JvmLaunch.processBuilder(fn, artifact, host, sandbox);
    }

    /**
     * Starts (or restarts) the JVM with the prepared command, its streams and, without a memory cgroup, its RSS watch.
     * onDeath runs on the JDK's exit callback thread when this JVM exits, unless it was replaced or detached first.
     */
    void launch(Runnable onDeath, BooleanSupplier alive) throws IOException {
        Process p = launcher.start();
        process = p;
        p.getOutputStream().close();
        channels.pump(p, host.io());
        p.onExit().thenRun(() -> {
            if (p == process) {
                onDeath.run();
            }
        });
        if (group.mem == null) {
            // no memory cgroup: watch the JVM's RSS and kill it past MemorySize, as the sandbox would
            memory.watch(p, () -> process, alive, host.timers());
        }
    }

    /** The environment's cgroups, or null before they are taken. */
    EnvironmentGroup group() {
        return group;
    }

    /** The running JVM, or null before the launch and while it is being replaced. */
    Process process() {
        return process;
    }

    /** The running JVM's pid, or 0 when there is none. */
    long pid() {
        Process p = process;
        return p == null ? 0 : p.pid();
    }

    boolean jvmAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The running JVM is being replaced: from here its exit is not the environment's death. Returns it, to kill. */
    Process detachProcess() {
        Process old = process;
        process = null;
        return old;
    }

    /** Kills the JVM and its children (reading the cgroup's peak first) and waits up to 5 s for it. */
    void killJvm(Process p) {
        if (p == null) {
            return;
        }
        memory.record(group);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Out of memory: the memory cgroup's OOM killer or the RSS watcher ended the JVM. */
    boolean outOfMemory() {
        return memory.outOfMemory(group);
    }

    /** Max Memory Used: the environment's lifetime peak, in MB. */
    long maxMemoryUsedMb() {
        return memory.maxUsedMb(group, process);
    }

    /** Removes the cgroups (after reading their peak), stops the Runtime API server, closes the channels, deletes /tmp. */
    void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        EnvironmentGroup g = group;
        if (g != null) {
            memory.record(g);
            g.remove();
        }
        RuntimeApiServer a = api;
        if (a != null) {
            a.stop();
        }
        channels.close();
        Path t = privateTmp;
        if (t != null) {
            TmpIsolation.deleteTree(t);
        }
    }
}
