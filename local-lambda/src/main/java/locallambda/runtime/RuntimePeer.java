package locallambda.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a connection to an environment's Runtime API comes from that environment's own JVM. A per-environment token
 * in AWS_LAMBDA_RUNTIME_API is not possible (the runtime client builds the URLs itself), and any local process can
 * connect to a loopback port; so the peer is identified by the kernel: the client end of the TCP connection (its port,
 * from /proc/net/tcp) has a socket inode, and that inode must be one of the JVM's open descriptors (/proc/PID/fd). A
 * stray {@code GET /next} from another process is refused (403) and cannot take the environment's event. A verified
 * client address (IP and port) is remembered while the JVM lives: no other connection can have the same address while
 * the runtime's keep-alive connection is open, so it is checked once and the hot path reads no /proc file (reading
 * /proc/net/tcp on every call would put its cost into Duration). Where /proc is not readable (not Linux) the check is off.
 */
public final class RuntimePeer {
    private static final Path TCP = Paths.get("/proc/net/tcp");
    private static final Path TCP6 = Paths.get("/proc/net/tcp6");
    /** Client addresses (IP and port) verified for the current JVM: while that connection lives no other can have it. */
    private final Set<InetSocketAddress> verified = ConcurrentHashMap.newKeySet();

    private volatile long verifiedPid;

    public static boolean available() {
        return Files.isReadable(TCP) && Files.isDirectory(Paths.get("/proc/self/fd"));
    }

    /**
     * @param pid    the environment's JVM (0 when there is none yet: refused; -1: not checked)
     * @param peer   the connection's remote end (the client)
     * @param server the connection's local end (the Runtime API server's port)
     */
    public boolean accepts(long pid, InetSocketAddress peer, int server) {
        if (pid < 0 || !available()) {
            return true;
        }
        if (pid == 0 || peer == null) {
            return false;
        }
        if (pid != verifiedPid) {
            // a new JVM (an init retried in the invoke): the old one's connections are gone
            verified.clear();
            verifiedPid = pid;
        }
        if (verified.contains(peer)) {
            return true;
        }
        long inode = inode(peer.getPort(), server);
        if (inode <= 0 || !ownedBy(pid, inode)) {
            return false;
        }
        verified.add(peer);
        return true;
    }

    /** The inode of the socket whose local port is clientPort and remote port serverPort (the client's end). */
    static long inode(int clientPort, int serverPort) {
        String local = String.format(Locale.ROOT, ":%04X", clientPort);
        String remote = String.format(Locale.ROOT, ":%04X", serverPort);
        for (Path table : List.of(TCP, TCP6)) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[1].endsWith(local) || !f[2].endsWith(remote)) {
                        continue;
                    }
                    return Long.parseLong(f[9]);
                }
            } catch (IOException | RuntimeException ignored) {
                // table missing (no IPv6) or unreadable
            }
        }
        return -1;
    }

    /**
     * Whether the process has the socket open. The JVM is the environment's process itself (unshare, the bash wrapper and
     * env(1) each exec the next), so its descendants are not searched.
     */
    static boolean ownedBy(long pid, long inode) {
        return hasFd(pid, "socket:[" + inode + "]");
    }

    private static boolean hasFd(long pid, String target) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/" + pid + "/fd"))) {
            for (Path fd : fds) {
                try {
                    if (target.equals(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException ignored) {
            // process gone or not ours
        }
        return false;
    }
}
