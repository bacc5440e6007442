package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** A child's resident memory from /proc/PID/status: -1 when the process is gone or there is no /proc. */
public final class ProcessStatus {
    private ProcessStatus() {}

    /** VmHWM: the peak resident set size, in bytes. */
    public static long peakResidentBytes(long pid) {
        return kilobytes(pid, "VmHWM:");
    }

    /** VmRSS: the resident set size now, in bytes. */
    public static long residentBytes(long pid) {
        return kilobytes(pid, "VmRSS:");
    }

    private static long kilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // process gone or not Linux
        }
        return -1;
    }
}
