package kit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import kit.testsupport.Command;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import report.ReportLine;
import report.ReportLineParser;

/** Runs the kit's scripts and reads what they leave under results/. */
final class Kit {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT =
            Paths.get(System.getProperty("kit.root", "..")).toAbsolutePath().normalize();
    /** The tests' own local Lambda: a free port and its own state dir, so a workshop's instance on 3001 is left alone. */
    static final String PORT = System.getenv().getOrDefault("E2E_LOCAL_LAMBDA_PORT", String.valueOf(freePort()));

    static final Path STATE_DIR = ROOT.resolve("e2e/target/local-lambda-state");
    static final String ENDPOINT = "http://127.0.0.1:" + PORT;

    private Kit() {}

    /**
     * Runs a command from the repository root, stdout and stderr merged, echoing it and its output to this JVM's stdout.
     * A command that times out or cannot start fails the test.
     */
    static Command.Result run(Duration timeout, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Command.Result r = Command.run(ROOT, timeout, env, true, command);
        if (r.exitCode() == Command.TIMED_OUT || r.exitCode() == Command.NOT_STARTED) {
            throw new AssertionError(r.output());
        }
        return r;
    }

    /** scripts/local-lambda.sh with the tests' port and state folder, e.g. localLambda(timeout, "stop"). */
    static Command.Result localLambda(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("scripts/local-lambda.sh").toString());
        Collections.addAll(cmd, args);
        return run(timeout, localEnv(), cmd.toArray(String[]::new));
    }

    /** Whether a local Lambda answers GET /_local/info on the tests' port. */
    static boolean localLambdaAnswers() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(ENDPOINT + "/_local/info"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * run-experiments.sh's arguments for one technique with its cold and warm counts and run id, then the rest
     * (--memory, --no-report, ...): the script reads options in any order.
     */
    static String[] experimentArgs(String technique, int cold, int warm, String runId, String... rest) {
        List<String> args = new ArrayList<>(List.of(
                "--techniques",
                technique,
                "--cold",
                Integer.toString(cold),
                "--warm",
                Integer.toString(warm),
                "--run-id",
                runId));
        Collections.addAll(args, rest);
        return args.toArray(String[]::new);
    }

    /** `local-lambda.sh invoke` of the scale-up 3008 MB function with the kit's scale-up event. */
    static Command.Result invokeScaleUp(Duration timeout) throws IOException, InterruptedException {
        return localLambda(timeout, "invoke", "ScaleUp3008Function", "-e", "events/scale-up.json");
    }

    /** `report.sh --compare` of two run folders, no AWS settings needed. */
    static Command.Result compareRuns(Duration timeout, Path before, Path after)
            throws IOException, InterruptedException {
        return run(
                timeout,
                Map.of(),
                ROOT.resolve("scripts/report.sh").toString(),
                "--compare",
                before.toString(),
                after.toString());
    }

    static Command.Result runExperiments(Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("scripts/run-experiments.sh").toString());
        Collections.addAll(cmd, args);
        return run(Duration.ofMinutes(10), env, cmd.toArray(String[]::new));
    }

    private static final List<Path> CREATED = Collections.synchronizedList(new ArrayList<>());

    static String newRunId(String name) {
        String id = "e2e-" + name + "-" + System.currentTimeMillis();
        CREATED.add(runDir(id));
        return id;
    }

    static List<Path> createdRuns() {
        return List.copyOf(CREATED);
    }

    /**
     * Deletes the results folders the tests created whose name matches (set -De2e.keep=true to keep them all), unless
     * a test of the class failed: then they are all kept, for a look.
     */
    static void removeCreatedRuns(FailureWatcher watcher, Predicate<String> which) throws IOException {
        if ((watcher != null && watcher.anyFailed()) || Boolean.getBoolean("e2e.keep")) {
            System.out.println("e2e results kept: " + createdRuns());
            return;
        }
        for (Path dir : createdRuns()) {
            if (which.test(dir.getFileName().toString()) && Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** Notes whether any test of a class failed (register it with @RegisterExtension). */
    static final class FailureWatcher implements TestWatcher {
        private volatile boolean anyFailed;

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            anyFailed = true;
        }

        boolean anyFailed() {
            return anyFailed;
        }
    }

    static Path runDir(String runId) {
        return ROOT.resolve("results").resolve(runId);
    }

    static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    static List<ReportLine> tailLines(Path runDir, String function) throws IOException {
        Path f = runDir.resolve("raw").resolve(function + ".tail.log");
        List<ReportLine> out = new ArrayList<>();
        if (Files.exists(f)) {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                ReportLineParser.parse(l).ifPresent(out::add);
            }
        }
        return out;
    }

    static List<ReportLine> cloudWatchLines(Path runDir, String function) throws IOException {
        Path f = runDir.resolve("raw").resolve(function + ".cloudwatch.json");
        List<ReportLine> out = new ArrayList<>();
        if (Files.exists(f)) {
            for (JsonNode e : readJson(f).path("events")) {
                ReportLineParser.parse(e.path("message").asText()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Both sources, deduplicated by RequestId as the report does. The lines are read by the report's own parser. */
    static List<ReportLine> allLines(Path runDir, String function) throws IOException {
        Map<String, ReportLine> byId = new LinkedHashMap<>();
        for (ReportLine r : tailLines(runDir, function)) {
            byId.putIfAbsent(r.requestId(), r);
        }
        for (ReportLine r : cloudWatchLines(runDir, function)) {
            byId.putIfAbsent(r.requestId(), r);
        }
        return new ArrayList<>(byId.values());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> localEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOCAL_LAMBDA_PORT", PORT);
        env.put("LOCAL_LAMBDA_STATE_DIR", STATE_DIR.toString());
        return env;
    }

    /** The AWS path of the scripts pointed at the tests' local Lambda: dummy credentials, no profile, no instance metadata. */
    static Map<String, String> awsPathEnv() {
        Map<String, String> env = new HashMap<>(localEnv());
        env.put("KIT_AWS_ENDPOINT_URL", ENDPOINT);
        env.put("AWS_ACCESS_KEY_ID", "e2e");
        env.put("AWS_SECRET_ACCESS_KEY", "e2e");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        return env;
    }
}
