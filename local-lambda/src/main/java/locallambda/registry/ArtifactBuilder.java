package locallambda.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import locallambda.sandbox.JdkResolver;

/**
 * Builds a CodeUri as `sam build` does for Java/Maven: the folder alone is copied to a temporary directory, then
 * `mvn -B -q clean install` and `mvn -B -q dependency:copy-dependencies -DincludeScope=runtime`; the artifact is
 * target/classes at its root plus target/dependency/*.jar in lib/. Artifacts are cached under the state directory keyed
 * by a hash of the folder's sources (target/ skipped) and the JDK, so an unchanged folder is never rebuilt; each CodeUri
 * is built once however many functions use it. CodeSize = size of the zipped artifact.
 */
public final class ArtifactBuilder {
    public record Artifact(Path dir, long codeSize, String codeSha256, boolean fromCache, double seconds) {}

    public static final class BuildException extends Exception {
        public BuildException(String message) {
            super(message);
        }
    }

    private final Path cacheRoot;
    private final String mvn;
    private final Map<String, Artifact> built = new ConcurrentHashMap<>();

    public ArtifactBuilder(Path stateDir) {
        this.cacheRoot = stateDir.resolve("build");
        this.mvn = System.getenv().getOrDefault("LOCAL_LAMBDA_MVN", "mvn");
    }

    public synchronized Artifact build(Path codeUri, JdkResolver.Jdk jdk) throws BuildException, IOException {
        String hash = hash(codeUri, jdk == null ? "" : jdk.home().toString());
        Artifact a = built.get(hash);
        if (a != null) {
            return a;
        }
        Path dir = cacheRoot.resolve(hash);
        Path artifact = dir.resolve("artifact");
        Path zip = dir.resolve("artifact.zip");
        Path done = dir.resolve("done");
        if (Files.isRegularFile(done) && Files.isDirectory(artifact) && Files.isRegularFile(zip)) {
            a = new Artifact(artifact, Files.size(zip), sha256(zip), true, 0);
            built.put(hash, a);
            return a;
        }
        long t0 = System.nanoTime();
        deleteTree(dir);
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory("local-lambda-build-");
        try {
            Path src = work.resolve(codeUri.getFileName().toString());
            copyTree(codeUri, src, true);
            Path log = dir.resolve("build.log");
            run(src, log, jdk, mvn, "-B", "-q", "clean", "install");
            run(src, log, jdk, mvn, "-B", "-q", "dependency:copy-dependencies", "-DincludeScope=runtime");
            Files.createDirectories(artifact);
            Path classes = src.resolve("target/classes");
            if (Files.isDirectory(classes)) {
                copyTree(classes, artifact, false);
            }
            Path deps = src.resolve("target/dependency");
            if (Files.isDirectory(deps)) {
                Files.createDirectories(artifact.resolve("lib"));
                try (Stream<Path> s = Files.list(deps)) {
                    for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                        Files.copy(
                                jar,
                                artifact.resolve("lib").resolve(jar.getFileName()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            zip(artifact, zip);
            Files.writeString(done, codeUri + "\n");
        } finally {
            deleteTree(work);
        }
        a = new Artifact(artifact, Files.size(zip), sha256(zip), false, (System.nanoTime() - t0) / 1e9);
        built.put(hash, a);
        return a;
    }

    private static void run(Path dir, Path log, JdkResolver.Jdk jdk, String... cmd) throws BuildException, IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (jdk != null) {
            pb.environment().put("JAVA_HOME", jdk.home().toString());
        }
        Process p = pb.start();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new BuildException(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted");
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            throw new BuildException(
                    String.join(" ", cmd) + " failed (exit " + p.exitValue() + "), log " + log + ":\n" + tail);
        }
    }

    /** Hash of the folder's files (relative path + content), target/ and dot-folders skipped, plus the JDK. */
    static String hash(Path folder, String salt) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        md.update(salt.getBytes(StandardCharsets.UTF_8));
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(folder)
                        && (d.getFileName().toString().equals("target")
                                || d.getFileName().toString().startsWith("."))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                files.add(f);
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        for (Path f : files) {
            md.update(folder.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 24);
    }

    private static void copyTree(Path from, Path to, boolean skipTarget) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (skipTarget && !d.equals(from) && d.getFileName().toString().equals("target")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void zip(Path dir, Path zip) throws IOException {
        try (OutputStream os = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(os)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                z.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
    }

    private static String sha256(Path f) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(f));
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
