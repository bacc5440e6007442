package locallambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import locallambda.sandbox.Cgroups;

/**
 * The server's state folder seen from outside, for scripts/local-lambda.sh ({@code java -cp local-lambda.jar
 * locallambda.Cleanup COMMAND STATE_DIR}):
 * <ul>
 *   <li>{@code running}: prints the pid of the server server.pid names, if that process is a running local Lambda
 *       (never another process that reused the pid); status 1 when none runs;</li>
 *   <li>{@code stop}: stops that server (SIGTERM, then SIGKILL after 20 s), then removes what servers that did not stop
 *       cleanly left: their cgroups, with the JVMs still in them ({@link Cgroups#removeStale}), and, when no server runs
 *       at all, the environments' private /tmp folders of this user.</li>
 * </ul>
 */
public final class Cleanup {
    private Cleanup() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2 || !List.of("running", "stop").contains(args[0])) {
            System.err.println("usage: locallambda.Cleanup running|stop STATE_DIR");
            System.exit(2);
        }
        Path pidFile = Paths.get(args[1]).resolve("server.pid");
        Optional<ProcessHandle> server = server(pidFile);
        if (args[0].equals("running")) {
            server.ifPresent(p -> System.out.println(p.pid()));
            System.exit(server.isPresent() ? 0 : 1);
        }
        if (server.isEmpty()) {
            removeLeftovers();
            Files.deleteIfExists(pidFile);
            System.out.println("local-lambda: not running");
            return;
        }
        ProcessHandle p = server.get();
        p.destroy();
        if (!p.onExit()
                .completeOnTimeout(p, 20, TimeUnit.SECONDS)
                .thenApply(ProcessHandle::isAlive)
                .join()) {
            System.out.println("local-lambda: stopped (pid " + p.pid() + ")");
        } else {
            System.err.println("local-lambda: pid " + p.pid() + " did not stop after SIGTERM; sending SIGKILL");
            p.destroyForcibly();
            p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
            System.out.println("local-lambda: stopped (pid " + p.pid() + ", killed)");
        }
        // after a SIGKILL the server could not clean up: its environments and cgroups go here
        removeLeftovers();
        Files.deleteIfExists(pidFile);
    }

    /** The server the pid file names, when that process runs and is a local Lambda. */
    static Optional<ProcessHandle> server(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).trim();
            if (!pid.matches("[1-9][0-9]{0,9}")) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(pid)).filter(Cgroups::isServer);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void removeLeftovers() throws IOException {
        for (Path g : Cgroups.removeStale()) {
            System.out.println("removed the stale cgroup " + g);
        }
        long self = ProcessHandle.current().pid();
        boolean serverRuns = ProcessHandle.allProcesses().anyMatch(p -> p.pid() != self && Cgroups.isServer(p));
        if (!serverRuns) {
            removePrivateTmps(Paths.get(System.getenv().getOrDefault("TMPDIR", "/tmp")));
        }
    }

    /** The local-lambda-tmp-* folders directly in tmp that this user owns. */
    static void removePrivateTmps(Path tmp) throws IOException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        String me = System.getProperty("user.name");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(tmp)) {
            dirs = s.filter(p -> p.getFileName().toString().startsWith("local-lambda-tmp-"))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> ownedBy(p, me))
                    .toList();
        }
        for (Path d : dirs) {
            try (Stream<Path> walk = Files.walk(d)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // best effort, as rm -rf
                    }
                });
            }
        }
    }

    private static boolean ownedBy(Path p, String user) {
        try {
            return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName().equals(user);
        } catch (IOException e) {
            return false;
        }
    }
}
