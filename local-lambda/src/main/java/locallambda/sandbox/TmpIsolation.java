package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A private /tmp per execution environment. On Lambda every environment has its own /tmp (512 MB by default), empty at
 * a cold start and kept across warm calls; functions cache files there. Sharing the host's /tmp would let a "cold" local
 * environment find what an earlier one left. Each environment's JVM therefore starts in its own mount namespace with a
 * fresh folder bind-mounted on /tmp (needs unshare/mount rights: root on Linux). Where that is not permitted the
 * environments share the host's /tmp, and the server says so at start. The size limit is not enforced.
 */
public final class TmpIsolation {
    private static volatile Boolean available;
    private static volatile String reason = "not probed";

    private TmpIsolation() {}

    /** Probes once: can a child enter a new mount namespace and bind-mount a folder on /tmp? */
    public static synchronized boolean available() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    public static synchronized void disable(String why) {
        available = false;
        reason = why;
    }

    public static String describe() {
        return available()
                ? "private /tmp per environment (mount namespace, like Lambda's; size not limited)"
                : "shared host /tmp (" + reason + ")";
    }

    private static boolean probe() {
        Path unshare = Paths.get("/usr/bin/unshare");
        if (!Files.isExecutable(unshare) || !Files.isExecutable(Paths.get("/bin/bash"))) {
            reason = "unshare (util-linux) or /bin/bash missing";
            return false;
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
                reason = "the probe hung";
                return false;
            }
            if (p.exitValue() != 0) {
                reason = "no right to unshare/mount" + (out.isEmpty() ? "" : ": " + out)
                        + "; run as root for a private /tmp";
                return false;
            }
            return true;
        } catch (IOException e) {
            reason = e.toString();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
            return false;
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
