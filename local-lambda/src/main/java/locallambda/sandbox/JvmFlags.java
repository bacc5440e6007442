package locallambda.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line the managed Java runtime starts its JVM with (observed on the java17+ managed runtimes):
 * heap derived from memory, serial GC, CDS, C1 only (tiered compilation stopped at level 1; java25 keeps that except with
 * SnapStart or provisioned concurrency: callers pass either as {@code snapStart}), IPv4 stack.
 *
 * <p>JAVA_TOOL_OPTIONS: Lambda documents it as the way to "set additional command-line variables" and shows it changing
 * exactly these defaults (e.g. {@code -XX:TieredStopAtLevel=4}, another GC on java17+). The JVM reads JAVA_TOOL_OPTIONS
 * BEFORE the command line, so a default left on the command line would silently win over the user's flag (or, for a GC,
 * abort the JVM with "multiple garbage collectors selected"). So, as the runtime does, the variable is passed through
 * unchanged and every runtime default the user's options address is left off the command line: the user's flag wins.
 */
public final class JvmFlags {
    private JvmFlags() {}

    /** -XX:MaxHeapSize in MB: max(85 % of memory, memory - 240 MB), as observed on the managed runtime. */
    static long maxHeapMb(int memoryMb) {
        return (long) Math.floor(Math.max(0.85 * memoryMb, memoryMb - 240.0));
    }

    /**
     * Cores the JVM sees on Lambda: 2 up to 3008 MB, 3 up to 5307, 4 up to 7076, 5 up to 8845, 6 above
     * (third-party measurements), never more than this host has.
     */
    static int visibleCores(int memoryMb, int hostCores) {
        int c;
        if (memoryMb <= 3008) {
            c = 2;
        } else if (memoryMb <= 5307) {
            c = 3;
        } else if (memoryMb <= 7076) {
            c = 4;
        } else if (memoryMb <= 8845) {
            c = 5;
        } else {
            c = 6;
        }
        return Math.max(1, Math.min(c, hostCores));
    }

    /** Runtime flags for one environment, with the ones the user's JAVA_TOOL_OPTIONS addresses left out. */
    public static List<String> runtimeFlags(
            int memoryMb, boolean snapStart, String runtime, int hostCores, String javaToolOptions) {
        return runtimeFlags(memoryMb, snapStart, runtime, hostCores, javaToolOptions, null);
    }

    /** @param runtimeArchive the runtime's CDS archive (runtime.RuntimeArchive), or null for the JDK's default one */
    public static List<String> runtimeFlags(
            int memoryMb,
            boolean snapStart,
            String runtime,
            int hostCores,
            String javaToolOptions,
            Path runtimeArchive) {
        String user = javaToolOptions == null ? "" : javaToolOptions;
        List<String> f = new ArrayList<>();
        if (!mentions(user, "-Xmx", "MaxHeapSize", "MaxRAMPercentage", "MaxRAM=")) {
            f.add("-XX:MaxHeapSize=" + maxHeapMb(memoryMb) + "m");
        }
        if (!user.matches("(?s).*-XX:\\+Use\\w*GC.*")) {
            f.add("-XX:+UseSerialGC");
        }
        if (!mentions(user, "-Xshare", "SharedArchiveFile", "AOTCache")) {
            // The runtime uses -Xshare:on with its own archive of the runtime client's classes. We pass the same kind
            // of archive with :auto, so that an archive the JVM cannot map falls back to the JDK's default one and
            // never fails.
            if (runtimeArchive != null) {
                f.add("-XX:SharedArchiveFile=" + runtimeArchive);
            }
            f.add("-Xshare:auto");
        }
        boolean tieredDefault = !(snapStart && "java25".equals(runtime));
        if (tieredDefault && !mentions(user, "TieredCompilation", "TieredStopAtLevel")) {
            f.add("-XX:+TieredCompilation");
            f.add("-XX:TieredStopAtLevel=1");
        }
        if (!mentions(user, "preferIPv4Stack")) {
            f.add("-Djava.net.preferIPv4Stack=true");
        }
        // CPU: the environment runs in a cgroup whose CFS quota is memory/1769 vCPU (e.g. 0.07 at 128 MB). The JVM's
        // container support would turn that quota into its core count (1) and size GC/JIT/common-pool threads for one
        // core, whereas Lambda's JVM sees 2 cores up to 3008 MB: the quota throttles, the core count stays. We keep
        // container support (it still reads the memory limit) and pin only the processor count, to what Lambda shows,
        // capped at this host's cores.
        if (!mentions(user, "ActiveProcessorCount")) {
            f.add("-XX:ActiveProcessorCount=" + visibleCores(memoryMb, hostCores));
        }
        return f;
    }

    private static boolean mentions(String s, String... keys) {
        for (String k : keys) {
            if (s.contains(k)) {
                return true;
            }
        }
        return false;
    }
}
