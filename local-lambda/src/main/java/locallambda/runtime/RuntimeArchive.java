package locallambda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import locallambda.sandbox.JdkResolver;
import locallambda.sandbox.JvmFlags;
import locallambda.sandbox.RuntimeCommand;
import locallambda.template.Arns;

/**
 * The runtime's class-data-sharing archive. The managed Java runtime starts every JVM with {@code -Xshare:on} and an
 * archive that already holds the runtime client's classes, so its JVMs skip parsing and verifying them. Without such an
 * archive a local environment spends about twice as long reaching its first /next (measured on the test fixture: 165 ms
 * with the JDK's default archive, 80 ms with this one), and Init Duration would overstate what Lambda shows.
 *
 * <p>Built once per JDK, set of runtime jars and module options: a training JVM, started with the environments' own flags
 * and class path plus {@code -XX:DumpLoadedClassList}, runs one invocation of {@link locallambda.training.TrainingHandler}
 * through the real runtime client against a Runtime API of its own; then {@code -Xshare:dump} writes a static archive of
 * those classes with the same module options. (A dynamic archive on top of the JDK's own would do as well for speed, but
 * the JVM then prints "[cds] Mismatched values for property jdk.module..." on stdout at every start, i.e. into every
 * function's log, because the JDK's base archive was dumped without the runtime's --add-opens/--enable-native-access.)
 * Classes of the task root are left out of the list: no user (or training) class is in the archive.
 */
public final class RuntimeArchive {
    private static final String TRAINING_HANDLER = "locallambda.training.TrainingHandler::handleRequest";
    private static final String TRAINING_CLASS = "locallambda/training/TrainingHandler.class";

    /** The archive to give the environments (null = none) and one line saying what happened. */
    public record Result(Path file, String note) {}

    private RuntimeArchive() {}

    /** Reuses the archive for this JDK and these jars, or builds it. Never throws: a failure means "no archive". */
    public static Result prepare(
            JdkResolver.Jdk jdk, Path runtimeDir, Path nativeLibrary, Path stateDir, ExecutorService io) {
        try {
            if (jdk.feature() < 13) {
                return new Result(null, "JDK " + jdk.version() + " cannot build the runtime archive (needs 13+)");
            }
            Path dir = stateDir.toAbsolutePath().resolve("cds");
            Files.createDirectories(dir);
            Path file = dir.resolve("runtime-jdk" + jdk.feature() + "-" + key(jdk, runtimeDir) + ".jsa");
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                return new Result(file, "cached " + file);
            }
            long t0 = System.nanoTime();
            String failure = train(jdk, runtimeDir, nativeLibrary, dir, file, io);
            if (failure != null) {
                return new Result(
                        null, "not built (" + failure + "): environments start with the JDK's default archive");
            }
            return new Result(
                    file,
                    String.format(
                            Locale.ROOT,
                            "built in %.1f s (%.1f MB) at %s",
                            (System.nanoTime() - t0) / 1e9,
                            Files.size(file) / 1048576.0,
                            file));
        } catch (IOException | RuntimeException e) {
            return new Result(null, "not built (" + e + "): environments start with the JDK's default archive");
        }
    }

    /** Archive name key: the JDK and every runtime jar's name, size and time (a CDS archive is only valid for those). */
    static String key(JdkResolver.Jdk jdk, Path runtimeDir) throws IOException {
        // module options on the command line (--add-opens, --enable-native-access) must match the dump's too
        StringBuilder s = new StringBuilder("static-v1|" + jdk.home() + "|" + jdk.version() + "|"
                + String.join(" ", RuntimeCommand.classPathAndMain(jdk, runtimeDir, null)));
        try (Stream<Path> jars = Files.list(runtimeDir)) {
            for (Path j : jars.sorted().toList()) {
                s.append('|')
                        .append(j.getFileName())
                        .append(':')
                        .append(Files.size(j))
                        .append(':')
                        .append(Files.getLastModifiedTime(j).toMillis());
            }
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return null when the archive was written and maps, else why not */
    private static String train(
            JdkResolver.Jdk jdk, Path runtimeDir, Path nativeLibrary, Path dir, Path file, ExecutorService io)
            throws IOException {
        Path task = dir.resolve("task");
        Path cls = task.resolve(TRAINING_CLASS);
        Files.createDirectories(cls.getParent());
        try (InputStream in = RuntimeArchive.class.getClassLoader().getResourceAsStream(TRAINING_CLASS)) {
            if (in == null) {
                return TRAINING_CLASS + " missing from the local-lambda jar";
            }
            Files.copy(in, cls, StandardCopyOption.REPLACE_EXISTING);
        }
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Path classList = dir.resolve("training.classlist");
        Files.deleteIfExists(classList);
        Path log = dir.resolve("training.log");

        CountDownLatch answered = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        Invocation inv = new Invocation(
                "00000000-0000-4000-8000-000000000001",
                "{\"training\":true}".getBytes(StandardCharsets.UTF_8),
                null,
                Arns.function("local-lambda-training"));
        inv.deadlineEpochMs = System.currentTimeMillis() + 60_000;
        RuntimeApiServer api = new RuntimeApiServer(
                new RuntimeApiServer.Handler() {
                    private boolean handedOut;

                    @Override
                    public synchronized Invocation next() throws InterruptedException {
                        if (!handedOut) {
                            handedOut = true;
                            return inv;
                        }
                        answered.countDown(); // the runtime came back for more: the training path is complete
                        released.await(60, TimeUnit.SECONDS);
                        return null;
                    }

                    @Override
                    public boolean response(String requestId, byte[] body, boolean tooLarge) {
                        return inv.complete(Invocation.Kind.SUCCESS, body, null);
                    }

                    @Override
                    public boolean error(String requestId, byte[] body, String errorType) {
                        inv.complete(Invocation.Kind.FUNCTION_ERROR, body, errorType);
                        answered.countDown();
                        return true;
                    }

                    @Override
                    public void initError(byte[] body, String errorType) {
                        inv.complete(Invocation.Kind.INIT_ERROR, body, errorType);
                        answered.countDown();
                    }
                },
                io);
        Process p = null;
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(jdk.java().toString());
            cmd.addAll(JvmFlags.runtimeFlags(1769, false, "java" + jdk.feature(), 2, null, null));
            cmd.add("-XX:DumpLoadedClassList=" + classList);
            cmd.addAll(RuntimeCommand.classPathAndMain(jdk, runtimeDir, nativeLibrary));
            cmd.add(TRAINING_HANDLER);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(task.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            var env = pb.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("TZ", ":UTC");
            env.put("LAMBDA_TASK_ROOT", task.toString());
            env.put("_HANDLER", TRAINING_HANDLER);
            env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.port());
            env.put("AWS_LAMBDA_FUNCTION_NAME", "local-lambda-training");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_REGION", Arns.REGION);
            p = pb.start();
            if (!answered.await(60, TimeUnit.SECONDS)) {
                return "the training run did not finish within 60 s; see " + log;
            }
            var outcome = inv.outcome.getNow(null);
            if (outcome == null || outcome.kind() != Invocation.Kind.SUCCESS) {
                return "the training invocation failed (" + (outcome == null ? "no answer" : outcome.reportErrorType())
                        + "); see " + log;
            }
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                return "the training JVM did not exit within 60 s of SIGTERM";
            }
            if (!Files.isRegularFile(classList)) {
                return "the training JVM wrote no class list; see " + log;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            released.countDown();
            if (p != null) {
                p.destroyForcibly();
            }
            api.stop();
        }
        // the class list names classes of the task root with their source: leave them out (runtime classes only)
        Path runtimeList = dir.resolve("runtime.classlist");
        try (Stream<String> lines = Files.lines(classList)) {
            Files.write(runtimeList, lines.filter(l -> !l.contains(" source: ")).toList());
        }
        List<String> dump = new ArrayList<>();
        dump.add(jdk.java().toString());
        dump.add("-Xshare:dump");
        dump.add("-XX:SharedClassListFile=" + runtimeList);
        dump.add("-XX:SharedArchiveFile=" + tmp);
        dump.add("-XX:+UseSerialGC");
        List<String> launch = RuntimeCommand.classPathAndMain(jdk, runtimeDir, null);
        dump.addAll(launch.subList(0, launch.size() - 1));
        try {
            Process d = new ProcessBuilder(dump)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!d.waitFor(120, TimeUnit.SECONDS) || d.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                d.destroyForcibly();
                return "-Xshare:dump failed; see " + log;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        // keep the archive only if (1) a JVM with the environments' options maps it (-Xshare:on fails otherwise) and
        // (2) with -Xshare:auto, as the environments run, the JVM says nothing about it: a mismatch between dump and
        // run is printed on stdout, which would put "[cds]" lines into every function's log
        List<String> tail = RuntimeCommand.classPathAndMain(jdk, runtimeDir, null);
        for (String mode : List.of("-Xshare:on", "-Xshare:auto")) {
            List<String> check = new ArrayList<>();
            check.add(jdk.java().toString());
            check.add(mode);
            check.add("-XX:SharedArchiveFile=" + tmp);
            check.addAll(tail.subList(0, tail.size() - 1));
            check.add("-version");
            try {
                Process v = new ProcessBuilder(check)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!v.waitFor(30, TimeUnit.SECONDS) || v.exitValue() != 0) {
                    v.destroyForcibly();
                    return "the archive does not map (" + mode + " refused it); see " + log;
                }
                if (mode.equals("-Xshare:auto") && Files.readString(log).contains("[cds]")) {
                    return "the JVM reports a mismatch with the archive; see " + log;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }
}
