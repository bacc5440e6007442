package locallambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import locallambda.sandbox.Cgroups;

/**
 * {@code java -cp local-lambda.jar locallambda.Cleanup}: removes what local Lambdas that did not stop cleanly left
 * (scripts/local-lambda.sh stop runs it): their cgroups, with the JVMs still in them ({@link Cgroups#removeStale}), and,
 * when no server runs at all, the environments' private /tmp folders of this user.
 */
public final class Cleanup {
    private Cleanup() {}

    public static void main(String[] args) throws IOException {
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
