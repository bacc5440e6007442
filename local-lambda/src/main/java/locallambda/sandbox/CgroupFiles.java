package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading and writing the kernel's cgroup files. A read returns null rather than throwing: a group can vanish while it
 * is read (its environment ended), and every reader then falls back to "unknown".
 */
final class CgroupFiles {
    private CgroupFiles() {}

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

    /** A file holding one number, or -1 when it is missing or holds something else. */
    static long readLong(Path p) {
        String v = read(p);
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether a counters file (v1 memory.oom_control, v2 memory.events: "name value" lines) counts an OOM kill. Both
     * versions name the counter oom_kill.
     */
    static boolean countsOomKill(Path p) {
        String s = read(p);
        return s != null && s.contains("oom_kill ") && !s.contains("oom_kill 0");
    }
}
