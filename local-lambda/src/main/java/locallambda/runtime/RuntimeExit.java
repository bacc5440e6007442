package locallambda.runtime;

/** The message Lambda gives when the runtime process ended: "Error: Runtime exited with error: ...". */
final class RuntimeExit {
    private RuntimeExit() {}

    /**
     * @param p           the JVM (null or still alive: it is being killed)
     * @param outOfMemory killed for memory (reported as SIGKILL, as the sandbox's OOM kill is)
     */
    static String message(Process p, boolean outOfMemory) {
        if (p == null || p.isAlive()) {
            return "Error: Runtime exited with error: signal: killed";
        }
        int code = p.exitValue();
        if (outOfMemory || code == 137) {
            return "Error: Runtime exited with error: signal: killed";
        }
        if (code > 128 && code <= 128 + 64) {
            return "Error: Runtime exited with error: signal: " + signalName(code - 128);
        }
        return "Error: Runtime exited with error: exit status " + code;
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 6 -> "aborted";
            case 9 -> "killed";
            case 11 -> "segmentation fault";
            case 15 -> "terminated";
            default -> Integer.toString(sig);
        };
    }
}
