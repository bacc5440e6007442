import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import locallambda.sandbox.CgroupDetection;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.ChildEnvironment;
import locallambda.sandbox.EnvironmentGroup;
import locallambda.sandbox.JdkResolver;
import locallambda.sandbox.RuntimeCommand;
import locallambda.sandbox.SandboxCommand;

/**
 * The independent check of what Init Duration measures: the JVM and runtime interface client of a 1769 MB environment
 * started without the local Lambda, against a stub Runtime API that only notes when the first GET /next arrives, timed
 * from process start to that request. The command line, the child's environment, the sandbox wrapper that enters the
 * cgroups and the cgroups themselves (1 vCPU, as a 1769 MB environment's init phase gets) come from the local Lambda's
 * own classes, so the check cannot drift from what the local Lambda starts; only the Runtime API server, the log
 * channels and the private /tmp are left out.
 *
 * <p>Usage: {@code java -cp target/local-lambda.jar ByHand.java RUNTIME TASK-ROOT RUNTIME-DIR ARCHIVE JNI RUNS}, with
 * RUNTIME the Lambda runtime whose JDK the local Lambda would pick (java25), TASK-ROOT the fixture's built artifact,
 * ARCHIVE the runtime's CDS archive and JNI the runtime client's unpacked native library (either "" for none). Prints
 * one line per run: {@code MS MODE}, MS the milliseconds from process start to the first GET /next ("nan" when the
 * handler did not load or no /next came within 60 s), MODE the CPU limit: v1, v2 or none (table 4 of bench.sh).
 */
public class ByHand {
    private static final String HANDLER = "fixture.Handlers$Hello::handleRequest";
    /** One full vCPU, the size bench.sh's table 4 compares with. */
    private static final int MEMORY_MB = 1769;

    public static void main(String[] a) throws Exception {
        String runtime = a[0];
        Path taskRoot = Paths.get(a[1]).toAbsolutePath();
        Path runtimeDir = Paths.get(a[2]).toAbsolutePath();
        Path archive = a[3].isEmpty() ? null : Paths.get(a[3]);
        Path jni = a[4].isEmpty() ? null : Paths.get(a[4]);
        int runs = Integer.parseInt(a[5]);
        JdkResolver.Jdk jdk = new JdkResolver().resolve(runtime).jdk();
        if (jdk == null) {
            throw new IllegalStateException("no JDK for " + runtime);
        }
        // a kit group of its own, apart from any server's (local-lambda-<pid>), and without Cgroups.detect's sweep of
        // stale groups: that is a starting server's job, and a bench tool has no business killing other environments
        Cgroups cgroups = CgroupDetection.detect(
                CgroupDetection.MOUNT_POINT,
                "local-lambda-bench-" + ProcessHandle.current().pid(),
                Runtime.getRuntime().availableProcessors());
        // bench.sh's names for the CPU limit: "cgroup-v1" -> "v1"
        String mode = cgroups.cpuLimitMode().replace("cgroup-", "");
        try {
            for (int i = 0; i < runs; i++) {
                System.out.println(
                        once(cgroups, "by-hand-" + i, runtime, jdk, taskRoot, runtimeDir, archive, jni) + " " + mode);
            }
        } finally {
            cgroups.removeAll();
        }
    }

    /** One start: milliseconds to the first GET /next, or "nan". */
    private static String once(
            Cgroups cgroups,
            String envId,
            String runtime,
            JdkResolver.Jdk jdk,
            Path taskRoot,
            Path runtimeDir,
            Path archive,
            Path jni)
            throws Exception {
        // the environment's init phase: not provisioned, so the on-demand init's 1 vCPU at 1769 MB
        EnvironmentGroup group = cgroups.create(envId, MEMORY_MB, false);
        try (StubRuntimeApi api = new StubRuntimeApi()) {
            List<String> jvm = RuntimeCommand.jvm(
                    jdk, MEMORY_MB, false, runtime, cgroups.hostCores(), null, archive, runtimeDir, jni, HANDLER);
            ChildEnvironment.Settings settings = new ChildEnvironment.Settings(
                    "bare",
                    "$LATEST",
                    MEMORY_MB,
                    "/aws/lambda/bare",
                    envId,
                    "Text",
                    runtime,
                    HANDLER,
                    "us-east-1",
                    taskRoot,
                    runtimeDir,
                    jdk.home(),
                    "127.0.0.1:" + api.port(),
                    System.getProperty("user.home"));
            // no log channels, no private /tmp: the wrapper only enters the cgroups, then execs env(1) and the JVM
            SandboxCommand.Result command = SandboxCommand.build(new SandboxCommand.Spec(
                    jvm,
                    group.procsFiles(),
                    null,
                    null,
                    null,
                    null,
                    Files.isExecutable(ChildEnvironment.ENV),
                    settings,
                    Map.of()));
            ProcessBuilder pb = new ProcessBuilder(command.command())
                    .directory(taskRoot.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(command.environment());
            settle();
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                p.getOutputStream().close();
                boolean seen = api.firstNext.await(60, TimeUnit.SECONDS);
                if (!seen || api.post.get() != null) {
                    return "nan";
                }
                return Long.toString(Math.round((api.firstNextAt.get() - t0) / 1e6));
            } finally {
                p.destroyForcibly();
                p.waitFor();
            }
        } finally {
            group.remove();
        }
    }

    /**
     * Waits until this JVM is idle: its CPU time grows by at most 10 ms (one clock tick) in 100 ms, or 3 s have passed.
     * Just after the source launcher has compiled this file, its JIT compiler and GC threads still run for a while and,
     * on a 2-core host, take CPU from the child being timed (measured: a start right after launch came out tens of ms
     * slower than the Python stub's); the Python stub had no such cost.
     */
    private static void settle() throws InterruptedException {
        long until = System.nanoTime() + 3_000_000_000L;
        Duration before = ownCpu();
        while (System.nanoTime() < until) {
            Thread.sleep(100);
            Duration now = ownCpu();
            if (now.minus(before).toMillis() <= 10) {
                return;
            }
            before = now;
        }
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * A Runtime API that notes the first GET /next and never answers it (the JVM is killed then), and accepts a POST
     * (/init/error: the handler did not load, and the figure would mean nothing).
     */
    private static final class StubRuntimeApi implements AutoCloseable {
        final CountDownLatch firstNext = new CountDownLatch(1);
        final AtomicLong firstNextAt = new AtomicLong();
        final AtomicReference<String> post = new AtomicReference<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-runtime-api");
            t.setDaemon(true);
            return t;
        });
        private final HttpServer server;

        StubRuntimeApi() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void handle(HttpExchange ex) throws IOException {
            if (ex.getRequestMethod().equals("POST")) {
                post.compareAndSet(null, ex.getRequestURI().getPath());
                ex.sendResponseHeaders(202, -1);
                ex.close();
                return;
            }
            if (ex.getRequestURI().getPath().endsWith("/runtime/invocation/next")
                    && firstNextAt.compareAndSet(0, System.nanoTime())) {
                firstNext.countDown();
            }
            try {
                closed.await(); // never answered: the runtime waits for an event until it is killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        }

        @Override
        public void close() {
            closed.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
