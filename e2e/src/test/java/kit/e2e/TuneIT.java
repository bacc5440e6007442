package kit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kit.testsupport.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import report.ReportLine;
import report.ReportLineParser;
import report.Stats;

/**
 * scripts/tune.sh on a function the kit did not write (e2e/user-app: its own template and Maven module): bad input refused
 * before anything starts; a local sweep whose tables, recommendation and power-tuning.json agree with the raw lines; the
 * AWS path against the local Lambda as stand-in endpoint, restoring the function's original configuration after a size
 * that fails and after the run is killed in the middle of the sweep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TuneIT {
    private static final Path APP = Kit.ROOT.resolve("e2e/user-app");
    private static final String TEMPLATE = APP.resolve("template.yaml").toString();
    private static final String SMALL = APP.resolve("events/small-basket.json").toString();
    private static final String BIG = APP.resolve("events/big-basket.json").toString();
    private static final String FN = "CheckoutFunction";

    private boolean startedLocalLambda;
    private Path localRunDir;

    @RegisterExtension
    final Kit.FailureWatcher watcher = new Kit.FailureWatcher();

    @AfterAll
    void cleanUp() throws Exception {
        if (startedLocalLambda) {
            Kit.localLambda(Duration.ofMinutes(1), "stop");
        }
        Kit.removeCreatedRuns(watcher, name -> true);
    }

    private static List<String> tuneCommand(String... args) {
        List<String> cmd =
                new ArrayList<>(List.of(Kit.ROOT.resolve("scripts/tune.sh").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Command.Result tune(Map<String, String> env, String... args) throws Exception {
        // the first local run builds the user's module and a CDS archive: minutes on a busy 2-core machine
        return Kit.run(Duration.ofMinutes(10), env, tuneCommand(args).toArray(String[]::new));
    }

    /** Arguments for the AWS target on the stand-in function with the small payload in us-east-1, the options between. */
    private static String[] awsArgs(String runId, String... options) {
        List<String> args = new ArrayList<>(List.of("--target", "aws", "--function-name", FN, "--payload", SMALL));
        args.addAll(List.of(options));
        args.addAll(List.of("--region", "us-east-1", "--run-id", runId));
        return args.toArray(String[]::new);
    }

    /** The AWS path pointed at the local Lambda. */
    private static Map<String, String> awsEnv() {
        return Kit.awsPathEnv();
    }

    private static JsonNode aws(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", Kit.ENDPOINT));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--output", "json"));
        Command.Result r = Kit.run(Duration.ofMinutes(1), awsEnv(), cmd.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.output();
        return Kit.JSON.readTree(out.substring(out.indexOf('{')));
    }

    private static void assertRefused(Command.Result r, String message) {
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.output().contains(message), () -> "expected '" + message + "' in:\n" + r);
    }

    /** tune.sh on the local target with one run id: each call must stop at exit 2 with its message. */
    private record LocalRefusals(Map<String, String> env, String runId) {
        void expect(String message, String template, String function, String payload, String... options)
                throws Exception {
            List<String> args =
                    new ArrayList<>(List.of("--template", template, "--function", function, "--payload", payload));
            args.addAll(List.of(options));
            args.addAll(List.of("--run-id", runId));
            assertRefused(tune(env, args.toArray(String[]::new)), message);
        }
    }

    @Test
    @Order(1)
    void badInputIsRefusedBeforeAnythingStarts() throws Exception {
        Path notJson = Files.createTempFile("tune-e2e", ".json");
        Files.writeString(notJson, "{\"items\": [");
        try {
            String runId = Kit.newRunId("tune-bad");
            LocalRefusals refusals = new LocalRefusals(Kit.localEnv(), runId);
            refusals.expect("template no/such/template.yaml not found", "no/such/template.yaml", FN, SMALL);
            refusals.expect("no function NoSuchFunction in", TEMPLATE, "NoSuchFunction", SMALL);
            refusals.expect("python3.12", TEMPLATE, "HealthFunction", SMALL);
            refusals.expect("is not JSON", TEMPLATE, FN, notJson.toString());
            refusals.expect(
                    "memory 64 MB is outside Lambda's 128-10240 MB", TEMPLATE, FN, SMALL, "--memory", "64,1024");
            refusals.expect("outside Lambda's 128-10240 MB", TEMPLATE, FN, SMALL, "--memory", "20480");
            refusals.expect("--strategy must be cost, speed or balanced", TEMPLATE, FN, SMALL, "--strategy", "cheap");
            // no credentials at all for the AWS target (the endpoint is never reached: the CLI stops first)
            List<String> cmd = tuneCommand(awsArgs(runId));
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).directory(Kit.ROOT.toFile()).redirectErrorStream(true);
            for (String k : List.of(
                    "AWS_ACCESS_KEY_ID",
                    "AWS_SECRET_ACCESS_KEY",
                    "AWS_SESSION_TOKEN",
                    "AWS_PROFILE",
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "AWS_WEB_IDENTITY_TOKEN_FILE")) {
                pb.environment().remove(k);
            }
            pb.environment()
                    .putAll(Map.of(
                            "AWS_CONFIG_FILE",
                            "/dev/null",
                            "AWS_SHARED_CREDENTIALS_FILE",
                            "/dev/null",
                            "AWS_EC2_METADATA_DISABLED",
                            "true",
                            "KIT_AWS_ENDPOINT_URL",
                            "http://127.0.0.1:9"));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            System.out.println(out);
            assertRefused(new Command.Result(p.exitValue(), out), "no usable AWS credentials");
            assertFalse(Files.exists(Kit.runDir(runId)), "no results folder for refused input");
            assertFalse(Files.exists(Kit.STATE_DIR.resolve("server.pid")), "no local Lambda started for refused input");
        } finally {
            Files.deleteIfExists(notJson);
        }
    }

    @Test
    @Order(2)
    void localSweepOfAUserFunction() throws Exception {
        String runId = Kit.newRunId("tune-local");
        Command.Result r = tune(
                Kit.localEnv(),
                "--template",
                TEMPLATE,
                "--function",
                FN,
                "--payload",
                SMALL + "@3",
                "--payload",
                BIG + "@1",
                "--memory",
                "1024,1769",
                "--cold",
                "1",
                "--warm",
                "3",
                "--strategy",
                "speed",
                "--run-id",
                runId);
        assertEquals(0, r.exitCode(), () -> "tune.sh failed: " + r);
        Path dir = Kit.runDir(runId);
        localRunDir = dir;

        JsonNode run = Kit.readJson(dir.resolve("run.json"));
        assertEquals("tune", run.path("kind").asText());
        assertEquals("complete", run.path("status").asText());
        assertEquals("local", run.path("target").asText());
        assertEquals(FN, run.path("function").path("name").asText());
        assertEquals(TEMPLATE, run.path("function").path("template").asText());
        assertEquals("java25", run.path("function").path("runtime").asText());
        assertEquals("yes", run.path("restored").asText());
        assertEquals("speed", run.path("strategy").asText());
        assertEquals(2, run.path("payloads").size());

        JsonNode functions = Kit.readJson(dir.resolve("functions.json"));
        assertEquals(2, functions.size(), functions::toString);
        for (JsonNode f : functions) {
            String name = f.path("name").asText();
            assertEquals("tune", f.path("technique").asText());
            assertEquals(FN, f.path("variant").asText());
            assertEquals(FN, f.path("functionName").asText());
            List<ReportLine> tail = Kit.tailLines(dir, name);
            assertEquals(4, tail.size(), () -> name + ": 1 cold + 3 warm REPORT lines");
            assertTrue(tail.get(0).cold(), name + ": the first call after the memory change is cold");
            assertEquals(1, tail.stream().filter(ReportLine::cold).count());
            List<ReportLine> cw = Kit.cloudWatchLines(dir, name);
            assertEquals(
                    tail.stream().map(ReportLine::requestId).collect(Collectors.toSet()),
                    cw.stream().map(ReportLine::requestId).collect(Collectors.toSet()),
                    name + ": CloudWatch Logs holds this size's invocations, and only those");
            for (String line : Files.readAllLines(dir.resolve("raw").resolve(name + ".tail.log"))) {
                ReportLineParser.parse(line)
                        .ifPresent(report -> assertEquals(f.path("memoryMB").asInt(), report.memorySizeMb(), line));
            }
            List<JsonNode> responses = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("responses").resolve(name + ".jsonl"))) {
                responses.add(Kit.JSON.readTree(line));
            }
            assertEquals(4, responses.size());
            Map<String, Integer> perPayload = new LinkedHashMap<>();
            for (JsonNode resp : responses) {
                assertTrue(resp.path("functionError").isNull(), resp::toString);
                assertEquals(200, resp.path("payload").path("statusCode").asInt(), resp::toString);
                assertTrue(resp.path("payload").path("body").asText().contains("\"total\""), resp::toString);
                perPayload.merge(resp.path("payloadFile").asText(), 1, Integer::sum);
            }
            assertEquals(Map.of(SMALL, 3, BIG, 1), perPayload, "weights 3:1 over 4 calls");
        }
        RunExperimentsIT.assertReportAgreesWithRawLines(dir, functions);

        String tables = Files.readString(dir.resolve("report/tables.md"));
        assertTrue(tables.contains("### Tuning CheckoutFunction: cold start and warm calls per memory size"), tables);
        assertTrue(tables.contains("| 1024 |") && tables.contains("| 1769 |"), tables);
        assertFalse(tables.contains("FAILED ("), "no size failed: " + tables);
        JsonNode pt = Kit.readJson(dir.resolve("report/power-tuning.json"));
        assertEquals(2, pt.path("stats").size(), pt::toString);
        // strategy speed: the size with the lower warm p50 among the raw lines
        int fastest = 0;
        double best = Double.MAX_VALUE;
        for (JsonNode f : functions) {
            List<Double> warm = Kit.allLines(dir, f.path("name").asText()).stream()
                    .filter(l -> !l.cold())
                    .map(ReportLine::durationMs)
                    .toList();
            double p50 = Stats.of(warm).p50();
            if (p50 < best) {
                best = p50;
                fastest = f.path("memoryMB").asInt();
            }
        }
        assertEquals(fastest, pt.path("power").asInt(), pt::toString);
        assertEquals(best, pt.path("duration").asDouble(), 0.011);
        assertTrue(tables.contains("| speed | " + fastest + " | "), tables);
        assertTrue(pt.path("stateMachine")
                .path("visualization")
                .asText()
                .startsWith("https://lambda-power-tuning.show/#"));
        assertTrue(Files.isRegularFile(dir.resolve("report/charts/tune-duration.svg")));
        assertTrue(Files.readString(dir.resolve("report/report.html")).contains("Tuning CheckoutFunction"));
        assertFalse(Files.exists(Kit.STATE_DIR.resolve("server.pid")), "the local Lambda tune.sh started is stopped");
    }

    /** Starts the local Lambda on the user's template (the AWS path's stand-in) and gives the function a known config. */
    private void standIn(Map<String, String> environment) throws Exception {
        if (!startedLocalLambda) {
            Files.createDirectories(Kit.STATE_DIR);
            // one left behind by an earlier test that timed out would serve the port: stop it (stop is a no-op
            // otherwise)
            Kit.localLambda(Duration.ofMinutes(1), "stop");
            Command.Result r = Kit.localLambda(Duration.ofMinutes(5), "start", "--template", TEMPLATE);
            assertEquals(0, r.exitCode(), r::toString);
            startedLocalLambda = true;
        }
        Path env = Files.createTempFile("tune-e2e-env", ".json");
        Files.writeString(env, Kit.JSON.writeValueAsString(Map.of("Variables", environment)));
        aws(
                "lambda",
                "update-function-configuration",
                "--function-name",
                FN,
                "--memory-size",
                "640",
                "--environment",
                "file://" + env);
        Files.delete(env);
    }

    private static void assertOriginalConfiguration(Map<String, String> environment) throws Exception {
        JsonNode now = aws("lambda", "get-function-configuration", "--function-name", FN);
        assertEquals(640, now.path("MemorySize").asInt(), now::toString);
        assertEquals(
                Kit.JSON.valueToTree(environment),
                now.path("Environment").path("Variables"),
                "the original environment, without the cold-start variable");
    }

    @Test
    @Order(3)
    void awsPathGoesOnAfterAFailingSizeAndRestoresTheConfiguration() throws Exception {
        Map<String, String> environment = Map.of("CURRENCY", "USD", "TAX_RATE", "0.1", "FAIL_AT_MEMORY_MB", "1024");
        standIn(environment);
        String runId = Kit.newRunId("tune-aws");
        Command.Result r = tune(awsEnv(), awsArgs(runId, "--memory", "1024,1769", "--cold", "1", "--warm", "1"));
        assertEquals(1, r.exitCode(), () -> "a failing size makes the run fail: " + r);
        assertTrue(r.output().contains("FAILED: 1024 MB: 2 of 2 call(s) failed"), r::toString);
        assertTrue(r.output().contains("1769 MB   warm 1/1"), () -> "the sweep went on with the next size: " + r);
        assertOriginalConfiguration(environment);

        Path dir = Kit.runDir(runId);
        JsonNode run = Kit.readJson(dir.resolve("run.json"));
        assertEquals("aws", run.path("target").asText());
        assertEquals("yes", run.path("restored").asText());
        assertEquals(640, run.path("originalConfiguration").path("memoryMB").asInt());
        assertEquals(2, Kit.tailLines(dir, FN + "@1769").size());
        assertEquals(2, Kit.cloudWatchLines(dir, FN + "@1769").size());
        for (String line : Files.readAllLines(dir.resolve("responses/" + FN + "@1024.jsonl"))) {
            assertEquals(
                    "Unhandled", Kit.JSON.readTree(line).path("functionError").asText(), line);
        }
        String tables = Files.readString(dir.resolve("report/tables.md"));
        assertTrue(tables.contains("FAILED (Unhandled: java.lang.IllegalStateException)"), tables);
        assertTrue(tables.contains("| balanced | 1769 |"), "only the size without errors is recommended: " + tables);
        assertEquals(
                1769,
                Kit.readJson(dir.resolve("report/power-tuning.json"))
                        .path("power")
                        .asInt());

        // two tuning runs of the same function compare cell by cell (here: the local sweep before, this run after)
        if (localRunDir != null) {
            Command.Result compare = Kit.compareRuns(Duration.ofMinutes(2), localRunDir, dir);
            assertEquals(0, compare.exitCode(), compare::toString);
            assertTrue(compare.output().contains("tune/CheckoutFunction/1769/x86_64/warm"), compare::toString);
        }
    }

    @Test
    @Order(4)
    void awsPathRestoresTheConfigurationWhenKilledMidSweep() throws Exception {
        Map<String, String> environment = Map.of("CURRENCY", "EUR", "TAX_RATE", "0.21");
        standIn(environment);
        String runId = Kit.newRunId("tune-killed");
        List<String> cmd =
                tuneCommand(awsArgs(runId, "--memory", "1024,1769,3008", "--cold", "1", "--warm", "5", "--no-report"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Kit.ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(awsEnv());
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = reader.readLine()) != null) {
                System.out.println(line);
                out.append(line).append('\n');
                if (!killed && line.contains("[2/3] 1769 MB   warm 2/5")) {
                    // SIGTERM to the script (the pid of the process this test started), as `kill` or a CI timeout
                    // sends;
                    // Process.destroy() would also close the output this test still reads
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
                            .inheritIO()
                            .start()
                            .waitFor();
                    killed = true;
                }
            }
            assertTrue(killed, () -> "never reached the second size:\n" + out);
        }
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertNotEquals(0, p.exitValue());
        assertTrue(
                out.toString().contains("restored: CheckoutFunction has its original MemorySize and Environment again"),
                out::toString);
        assertFalse(out.toString().contains("[3/3]"), "the sweep stopped");
        assertOriginalConfiguration(environment);
        JsonNode run = Kit.readJson(Kit.runDir(runId).resolve("run.json"));
        assertEquals("failed", run.path("status").asText());
        assertEquals("yes", run.path("restored").asText());
        assertTrue(Set.of(1024, 1769)
                .contains(Kit.readJson(Kit.runDir(runId).resolve("functions.json"))
                        .get(1)
                        .path("memoryMB")
                        .asInt()));
    }
}
