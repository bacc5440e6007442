package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds a JDK per Lambda runtime (java25 → JDK 25, java21 → JDK 21): the exact feature release if installed, else the
 * nearest newer one (reported as not exact). Looks in /usr/lib/jvm, /opt/java, ~/.sdkman/candidates/java, JAVA_HOME, the
 * running JVM, and LOCAL_LAMBDA_JDK_&lt;N&gt; (e.g. LOCAL_LAMBDA_JDK_21=/path) which takes precedence.
 */
public final class JdkResolver {
    public record Jdk(Path home, String version, int feature) {
        public Path java() {
            return home.resolve("bin/java");
        }
    }

    public record Resolution(String runtime, int wanted, Jdk jdk, boolean exact) {}

    private final Map<Integer, Jdk> byFeature = new TreeMap<>();

    public JdkResolver() {
        List<Path> candidates = new ArrayList<>();
        for (String root : List.of(
                "/usr/lib/jvm",
                "/opt/java",
                System.getProperty("user.home") + "/.sdkman/candidates/java",
                "/Library/Java/JavaVirtualMachines")) {
            Path r = Paths.get(root);
            if (!Files.isDirectory(r)) {
                continue;
            }
            try (Stream<Path> s = Files.list(r)) {
                s.sorted().forEach(p -> {
                    candidates.add(p);
                    candidates.add(p.resolve("Contents/Home"));
                });
            } catch (IOException ignored) {
                // unreadable folder: skip
            }
        }
        if (System.getenv("JAVA_HOME") != null) {
            candidates.add(Paths.get(System.getenv("JAVA_HOME")));
        }
        candidates.add(Paths.get(System.getProperty("java.home")));
        for (Path p : candidates) {
            add(p, false);
        }
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("LOCAL_LAMBDA_JDK_")) {
                add(Paths.get(v), true);
            }
        });
    }

    private void add(Path home, boolean override) {
        try {
            Path real = home.toRealPath();
            Path release = real.resolve("release");
            if (!Files.isRegularFile(release) || !Files.isExecutable(real.resolve("bin/java"))) {
                return;
            }
            String version = null;
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    version = line.substring(13).replace("\"", "").trim();
                }
            }
            if (version == null) {
                return;
            }
            String head = version.startsWith("1.") ? version.substring(2) : version;
            int feature = Integer.parseInt(head.split("[.+\\-_]")[0]);
            if (override || !byFeature.containsKey(feature)) {
                byFeature.put(feature, new Jdk(real, version, feature));
            }
        } catch (IOException | RuntimeException ignored) {
            // not a JDK
        }
    }

    /** @return the resolution, or one with jdk null when no JDK ≥ the wanted release is installed */
    public Resolution resolve(String runtime) {
        int wanted = featureOf(runtime);
        Jdk exact = byFeature.get(wanted);
        if (exact != null) {
            return new Resolution(runtime, wanted, exact, true);
        }
        for (Map.Entry<Integer, Jdk> e : byFeature.entrySet()) {
            if (e.getKey() > wanted) {
                return new Resolution(runtime, wanted, e.getValue(), false);
            }
        }
        return new Resolution(runtime, wanted, null, false);
    }

    Map<Integer, Jdk> installed() {
        return byFeature;
    }

    static int featureOf(String runtime) {
        String digits = runtime.replaceAll("\\D", "");
        if (digits.isEmpty()) {
            return 21;
        }
        if (digits.startsWith("8")) {
            return 8;
        }
        return Integer.parseInt(digits);
    }
}
