package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private /tmp per execution environment. On Lambda every environment has its own /tmp (512 MB by default), empty at
 * a cold start and kept across warm calls; functions cache files there. Sharing the host's /tmp would let a "cold" local
 * environment find what an earlier one left. Each environment's JVM therefore starts in its own mount namespace with a
 * fresh folder bind-mounted on /tmp (needs unshare/mount rights: root on Linux). Where that is not permitted the
 * environments share the host's /tmp, and the server says so at start. The size limit is not enforced.
 */
public final class TmpIsolation {
    // what the host allows is probed once per JVM: a fact of the machine, the same for every server
    private static final class Probe {
        static final String RESULT = probe();
    }

    private final String reason; // why the environments share the host's /tmp, or null: each has its own

    private TmpIsolation(String reason) {
        this.reason = reason;
    }

    /**
     * This server's choice: private unless not wanted (--shared-tmp), not permitted here, or one of the server's own
     * files (needed) is under /tmp, where a private /tmp mounted over the host's would hide it from the environments.
     */
    public static TmpIsolation decide(boolean wanted, List<Path> needed) {
        if (!wanted) {
            return new TmpIsolation("--shared-tmp");
        }
        for (Path p : needed) {
            if (underTmp(p)) {
                return new TmpIsolation(
                        "the local Lambda's own files are under /tmp (" + p + "), which a private /tmp would hide");
            }
        }
        return new TmpIsolation(Probe.RESULT);
    }

    /** Whether p (resolved) is under /tmp. */
    private static boolean underTmp(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            abs = abs.toRealPath();
        } catch (IOException ignored) {
            // not there yet: judge the path as given
        }
        return abs.startsWith(Paths.get("/tmp"));
    }

    /** Whether each environment gets its own /tmp. */
    public boolean isPrivate() {
        return reason == null;
    }

    public String describe() {
        return isPrivate()
                ? "private /tmp per environment (mount namespace, like Lambda's; size not limited)"
                : "shared host /tmp (" + reason + ")";
    }

    /** Whether this host lets a child enter a new mount namespace and bind-mount a folder on /tmp (probed once). */
    public static boolean permitted() {
        return Probe.RESULT == null;
    }

    /** Can a child enter a new mount namespace and bind-mount a folder on /tmp? Null if so, else why not. */
    private static String probe() {
        Path unshare = Paths.get("/usr/bin/unshare");
        if (!Files.isExecutable(unshare) || !Files.isExecutable(Paths.get("/bin/bash"))) {
            return "unshare (util-linux) or /bin/bash missing";
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("local-lambda-tmp-probe");
            Files.writeString(dir.resolve("marker"), "x");
            Process p = new ProcessBuilder(
                            unshare.toString(),
                            "-m",
                            "--propagation",
                            "private",
                            "/bin/bash",
                            "-c",
                            "mount --bind \"$0\" /tmp && test -f /tmp/marker",
                            dir.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "the probe hung";
            }
            if (p.exitValue() != 0) {
                return "no right to unshare/mount" + (out.isEmpty() ? "" : ": " + out)
                        + "; run as root for a private /tmp";
            }
            return null;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    public static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // gone already
        }
    }
}
