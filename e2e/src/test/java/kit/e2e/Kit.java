package kit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the kit's scripts and reads what they leave under results/. */
final class Kit {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Paths.get(System.getProperty("kit.root", "..")).toAbsolutePath().normalize();
    /** The tests' own local Lambda: a free port and its own state dir, so a workshop's instance on 3001 is left alone. */
    static final String PORT = System.getenv().getOrDefault("E2E_LOCAL_LAMBDA_PORT", String.valueOf(freePort()));
    static final Path STATE_DIR = ROOT.resolve("e2e/target/local-lambda-state");
    static final String ENDPOINT = "http://127.0.0.1:" + PORT;

    private Kit() {
    }

    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", output:\n" + output;
        }
    }

    /** Runs a command from the repository root, stdout and stderr merged, echoing it to this JVM's stdout as it goes. */
    static Result run(Duration timeout, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("kit-e2e", ".log");
        pb.redirectOutput(log.toFile());
        System.out.println("$ " + String.join(" ", command));
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command) + "\n" + out);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(out);
        return new Result(p.exitValue(), out);
    }

    static Result runExperiments(Map<String, String> env, String... args) throws IOException, InterruptedException {
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

    static Path runDir(String runId) {
        return ROOT.resolve("results").resolve(runId);
    }

    static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** One REPORT line: request id, Duration, and whether it is a cold start (Init Duration or Restore Duration). */
    record ReportLine(String requestId, double durationMs, boolean cold) {
    }

    private static final Pattern REPORT = Pattern.compile(
            "REPORT RequestId: (\\S+)\\s+Duration: ([0-9.]+) ms.*");

    static ReportLine parse(String line) {
        Matcher m = REPORT.matcher(line.trim());
        if (!m.find()) {
            return null;
        }
        boolean cold = line.contains("Init Duration:") || line.contains("Restore Duration:");
        return new ReportLine(m.group(1), Double.parseDouble(m.group(2)), cold);
    }

    static List<ReportLine> tailLines(Path runDir, String function) throws IOException {
        Path f = runDir.resolve("raw").resolve(function + ".tail.log");
        List<ReportLine> out = new ArrayList<>();
        if (Files.exists(f)) {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                ReportLine r = parse(l);
                if (r != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    static List<ReportLine> cloudWatchLines(Path runDir, String function) throws IOException {
        Path f = runDir.resolve("raw").resolve(function + ".cloudwatch.json");
        List<ReportLine> out = new ArrayList<>();
        if (Files.exists(f)) {
            for (JsonNode e : readJson(f).path("events")) {
                ReportLine r = parse(e.path("message").asText());
                if (r != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Both sources, deduplicated by RequestId as the report does. */
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

    /** Nearest-rank p50: the smallest measured value with at least half the values at or below it. */
    static double p50(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(0.5 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> localEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOCAL_LAMBDA_PORT", PORT);
        env.put("LOCAL_LAMBDA_STATE_DIR", STATE_DIR.toString());
        return env;
    }
}
