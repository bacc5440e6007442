package kit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kit.testsupport.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import report.ReportLine;
import report.ReportLineParser;
import report.Stats;

/**
 * Runs scripts/run-experiments.sh for real: against the local Lambda (local target), against local stand-ins through the
 * AWS path (KIT_AWS_ENDPOINT_URL, --target aws --stack local), with a failing function, and renders the HTML report in
 * headless Chromium. Memory sizes are 1024 MB and above, where a JVM cold start takes about a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunExperimentsIT {
    private boolean startedLocalLambda;
    private Path localRunDir;

    @BeforeAll
    void localLambdaRunning() throws Exception {
        Path jar = Kit.ROOT.resolve("local-lambda/target/local-lambda.jar");
        assertTrue(Files.exists(jar), "missing " + jar + ": build it first (mvn -pl local-lambda package)");
        assertTrue(
                Files.isExecutable(Kit.ROOT.resolve("scripts/report.sh")),
                "missing scripts/report.sh (the report part of the kit)");
        if (!Kit.localLambdaAnswers()) {
            Files.createDirectories(Kit.STATE_DIR);
            Command.Result r = Kit.localLambda(Duration.ofMinutes(5), "start");
            assertEquals(0, r.exitCode(), () -> "scripts/local-lambda.sh start failed: " + r);
            assertNoEscapes(r.output());
            startedLocalLambda = true;
        }
    }

    /** Results of passing runs are removed at the end (set -De2e.keep=true to keep them); a failure keeps them all. */
    @RegisterExtension
    final Kit.FailureWatcher watcher = new Kit.FailureWatcher();

    @AfterAll
    void removeResults() throws IOException {
        Kit.removeCreatedRuns(watcher, name -> true);
    }

    @AfterAll
    void stopLocalLambda() throws Exception {
        if (startedLocalLambda) {
            Kit.localLambda(Duration.ofMinutes(1), "stop");
        }
    }

    @Test
    @Order(1)
    void localMatrixKeepsRawLinesAndTheReportAgreesWithThem() throws Exception {
        String runId = Kit.newRunId("local");
        // a runner older than its sources: the run builds it with Maven first, whose output must stay plain text
        Files.setLastModifiedTime(Kit.ROOT.resolve("runner/target/runner.jar"), FileTime.fromMillis(0));
        Command.Result r = Kit.runExperiments(
                Kit.localEnv(),
                "--techniques",
                "scale-up,parallel,context-reuse",
                "--memory",
                "1024,1769,3008",
                "--cold",
                "1",
                "--warm",
                "2",
                "--run-id",
                runId);
        Path dir = Kit.runDir(runId);
        localRunDir = dir;
        assertEquals(0, r.exitCode(), () -> "run-experiments.sh failed: " + r);
        assertTrue(r.output().contains("cold 1/1"), "progress lines expected");

        JsonNode run = Kit.readJson(dir.resolve("run.json"));
        assertEquals("complete", run.path("status").asText());
        assertEquals("local", run.path("target").asText());
        assertEquals("local", run.path("stack").asText());
        assertEquals(1, run.path("cold").asInt());
        assertEquals(2, run.path("warm").asInt());
        assertFalse(run.path("cpuLimitMode").asText().isBlank(), "cpuLimitMode");
        assertFalse(run.path("jdk").asText().isBlank(), "jdk");
        assertTrue(run.path("machine").path("cores").asInt() > 0, "machine.cores");

        JsonNode functions = Kit.readJson(dir.resolve("functions.json"));
        // scale-up and parallel at 1024, 1769, 3008; context-reuse's 4 variants at 1024
        assertEquals(10, functions.size(), () -> "functions.json: " + functions);
        Set<String> techniques = new TreeSet<>();
        for (JsonNode f : functions) {
            techniques.add(f.path("technique").asText());
            assertTrue(Set.of(1024, 1769, 3008).contains(f.path("memoryMB").asInt()), f::toString);
            assertFalse(f.path("logGroup").asText().isBlank(), f::toString);
            assertFalse(f.path("runtime").asText().isBlank(), f::toString);
            String name = f.path("name").asText();
            List<ReportLine> tail = Kit.tailLines(dir, name);
            assertEquals(3, tail.size(), () -> name + ": REPORT lines in the tail log");
            assertEquals(1, tail.stream().filter(ReportLine::cold).count(), () -> name + ": one cold start");
            assertTrue(tail.get(0).cold(), () -> name + ": the first invocation is the cold one");
            List<ReportLine> cw = Kit.cloudWatchLines(dir, name);
            assertEquals(3, cw.size(), () -> name + ": REPORT lines in CloudWatch Logs");
            assertEquals(
                    tail.stream().map(ReportLine::requestId).collect(Collectors.toSet()),
                    cw.stream().map(ReportLine::requestId).collect(Collectors.toSet()),
                    name + ": same request ids");
            List<String> responses = Files.readAllLines(dir.resolve("responses").resolve(name + ".jsonl"));
            assertEquals(3, responses.size(), name + ": responses");
            for (String line : responses) {
                JsonNode resp = Kit.JSON.readTree(line);
                assertEquals(200, resp.path("status").asInt(), line);
                assertTrue(resp.path("functionError").isNull(), line);
            }
        }
        assertEquals(Set.of("context-reuse", "parallel", "scale-up"), techniques);
        assertReportAgreesWithRawLines(dir, functions);
        assertCalibration(run, List.of("start", "before scale-up+parallel", "end"));
        assertWarmCallsRanRoundRobin(r.output(), functions);
        // each cold line shows Init and Duration, each cell ends with its p50s; the local target does not talk of
        // CloudWatch
        assertTrue(r.output().matches("(?s).*cold 1/1: Init [0-9.]+ ms \\+ Duration [0-9.]+ ms.*"), r::toString);
        assertTrue(r.output().contains("= ScaleUp1024Function: cold Init p50 "), r::toString);
        assertFalse(r.output().contains("collecting REPORT lines from CloudWatch Logs"), r::toString);
        assertTrue(r.output().contains("building the runner"), r::toString);
        assertNoEscapes(r.output());
    }

    /**
     * A run's terminal output is plain text: Maven 3.8's jansi writes ESC[0m resets even with -B, unless
     * .mvn/jvm.config sets jansi.noreset, and the scripts build the runner and the report tool with Maven on the way.
     */
    static void assertNoEscapes(String output) {
        int at = output.indexOf('\u001b');
        assertTrue(
                at < 0,
                () -> "ESC in the output at " + at + ": "
                        + output.substring(Math.max(0, at - 80), Math.min(output.length(), at + 20)));
    }

    /** run.json "calibration": one sample per label, in order, positive times, drift = (max - min) / min. */
    static void assertCalibration(JsonNode run, List<String> labels) {
        JsonNode cal = run.path("calibration");
        assertFalse(cal.path("method").asText().isBlank(), () -> "calibration.method: " + cal);
        JsonNode samples = cal.path("samples");
        List<String> seen = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (JsonNode s : samples) {
            seen.add(s.path("label").asText());
            double ms = s.path("ms").asDouble();
            assertTrue(ms > 0, s::toString);
            assertTrue(s.path("at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), s::toString);
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertEquals(labels, seen, () -> "calibration samples: " + cal);
        assertEquals((max - min) / min, cal.path("drift").asDouble(), 1e-9, cal::toString);
    }

    /**
     * The warm calls of one table's cells alternate: between two warm calls of one function, every other function of
     * its group (context-reuse's variants; scale-up and parallel at every size) is called once.
     */
    static void assertWarmCallsRanRoundRobin(String output, JsonNode functions) {
        List<String> warm = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = Pattern.compile("\\] (\\S+Function)\\s+warm \\d+/\\d+:").matcher(line);
            if (m.find()) {
                warm.add(m.group(1));
            }
        }
        // the round-robin group of each technique, as the registry derives it (scripts/lib/techniques.json)
        Map<String, String> groupOfTechnique = new HashMap<>();
        try {
            for (JsonNode t : Kit.readJson(Kit.ROOT.resolve("scripts/lib/techniques.json"))
                    .path("techniques")) {
                groupOfTechnique.put(
                        t.path("name").asText(), t.path("roundRobinGroup").asText());
            }
        } catch (IOException e) {
            throw new AssertionError("scripts/lib/techniques.json unreadable", e);
        }
        Map<String, String> groupOf = new HashMap<>();
        for (JsonNode f : functions) {
            String t = f.path("technique").asText();
            groupOf.put(f.path("name").asText(), groupOfTechnique.getOrDefault(t, t));
        }
        assertEquals(functions.size() * 2, warm.size(), () -> "warm progress lines: " + warm);
        for (String group : new TreeSet<>(groupOf.values())) {
            List<String> calls =
                    warm.stream().filter(n -> group.equals(groupOf.get(n))).toList();
            long members = groupOf.values().stream().filter(group::equals).count();
            for (int i = 0; i + members < calls.size(); i++) {
                assertEquals(
                        calls.get(i),
                        calls.get((int) (i + members)),
                        "warm calls of " + group + " are not round-robin: " + calls);
            }
            assertEquals(
                    members,
                    new HashSet<>(calls.subList(0, (int) members)).size(),
                    "one round calls every function of " + group + " once: " + calls);
        }
    }

    /** tables.md, cells.csv, cells.json, report.html exist; each cell's count and p50 match the raw REPORT lines. */
    static void assertReportAgreesWithRawLines(Path dir, JsonNode functions) throws IOException {
        Path report = dir.resolve("report");
        for (String f : List.of("tables.md", "cells.csv", "cells.json", "report.html")) {
            assertTrue(Files.size(report.resolve(f)) > 0, "report/" + f + " missing or empty");
        }
        JsonNode cellsDoc = Kit.readJson(report.resolve("cells.json"));
        JsonNode cells = cellsDoc.isArray() ? cellsDoc : cellsDoc.path("cells");
        assertTrue(cells.isArray() && cells.size() > 0, "cells.json has no cells: " + cellsDoc);
        String tables = Files.readString(report.resolve("tables.md"));
        List<String> csv = Files.readAllLines(report.resolve("cells.csv"));
        int checked = 0;
        for (JsonNode f : functions) {
            String name = f.path("name").asText();
            List<ReportLine> lines = Kit.allLines(dir, name);
            for (String phase : List.of("cold", "warm")) {
                boolean cold = phase.equals("cold");
                List<Double> durations = lines.stream()
                        .filter(l -> l.cold() == cold)
                        .map(ReportLine::durationMs)
                        .toList();
                JsonNode cell = findCell(cells, f, phase);
                assertNotNull(cell, () -> "no cell for " + name + " " + phase + " in cells.json");
                JsonNode duration = cell.path("duration");
                assertEquals(
                        durations.size(), duration.path("count").asInt(), () -> name + " " + phase + " count: " + cell);
                double p50 = Stats.of(durations).p50();
                assertEquals(p50, duration.path("p50").asDouble(), 0.011, () -> name + " " + phase + " p50: " + cell);
                checked++;
            }
            assertTrue(
                    csv.stream()
                            .anyMatch(l -> l.contains(name)
                                    || l.contains(f.path("technique").asText())),
                    () -> name + " not in cells.csv");
        }
        assertEquals(functions.size() * 2, checked);
        for (JsonNode f : functions) {
            assertTrue(tables.contains(f.path("technique").asText()), "tables.md lacks " + f.path("technique"));
        }
    }

    private static JsonNode findCell(JsonNode cells, JsonNode f, String phase) {
        for (JsonNode c : cells) {
            if (!phase.equals(c.path("phase").asText())) {
                continue;
            }
            if (f.path("name").asText().equals(c.path("function").asText())) {
                return c;
            }
            int mem = c.has("memoryMb")
                    ? c.path("memoryMb").asInt()
                    : c.path("memoryMB").asInt();
            if (f.path("technique").asText().equals(c.path("technique").asText())
                    && f.path("variant").asText().equals(c.path("variant").asText())
                    && f.path("memoryMB").asInt() == mem
                    && !c.has("function")) {
                return c;
            }
        }
        return null;
    }

    /** The AWS path of run-experiments.sh against the local stand-ins, in the "local" stack in us-east-1. */
    private static Command.Result runOnAwsPath(String technique, int cold, int warm, String runId, String... rest)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", "aws", "--stack", "local", "--region", "us-east-1"));
        args.addAll(List.of(rest));
        return Kit.runExperiments(
                Kit.awsPathEnv(), Kit.experimentArgs(technique, cold, warm, runId, args.toArray(String[]::new)));
    }

    @Test
    @Order(2)
    void awsPathAgainstLocalStandIns() throws Exception {
        String runId = Kit.newRunId("aws-path");
        Command.Result r = runOnAwsPath("scale-up", 2, 1, runId, "--memory", "3008");
        Path dir = Kit.runDir(runId);
        assertEquals(0, r.exitCode(), () -> "run-experiments.sh --target aws failed: " + r);
        JsonNode run = Kit.readJson(dir.resolve("run.json"));
        assertEquals("aws", run.path("target").asText());
        assertEquals("complete", run.path("status").asText());
        assertEquals("lambda", run.path("cpuLimitMode").asText());
        assertEquals("us-east-1", run.path("region").asText());
        JsonNode functions = Kit.readJson(dir.resolve("functions.json"));
        assertEquals(1, functions.size(), functions::toString);
        String name = functions.get(0).path("name").asText();
        List<ReportLine> cw = Kit.cloudWatchLines(dir, name);
        assertEquals(4, cw.size(), "2 cold + 2 x 1 warm REPORT lines from filter-log-events");
        assertEquals(2, cw.stream().filter(ReportLine::cold).count(), "each forced cold start is a cold REPORT line");
        assertEquals(4, Kit.tailLines(dir, name).size());
        assertReportAgreesWithRawLines(dir, functions);
    }

    @Test
    @Order(2)
    void snapStartPathPublishesInvokesAndDeletesVersions() throws Exception {
        // on AWS a SnapStart cold start needs a fresh published version: the runner publishes one, invokes it and
        // deletes it; the local Lambda stands in for those calls (it runs the function on demand, without a snapshot)
        String runId = Kit.newRunId("aws-snapstart");
        Command.Result r = runOnAwsPath("snapstart", 1, 1, runId, "--no-report");
        Path dir = Kit.runDir(runId);
        assertEquals(0, r.exitCode(), () -> "the SnapStart path failed: " + r);
        JsonNode functions = Kit.readJson(dir.resolve("functions.json"));
        assertEquals(3, functions.size(), functions::toString);
        for (JsonNode f : functions) {
            String name = f.path("name").asText();
            assertEquals(2, Kit.tailLines(dir, name).size(), name + ": 1 cold + 1 warm REPORT line");
            List<String> responses = Files.readAllLines(dir.resolve("responses").resolve(name + ".jsonl"));
            assertEquals(2, responses.size());
            assertTrue(responses.get(0).contains("\"primed\""), responses.get(0));
        }
        assertEquals(
                "complete", Kit.readJson(dir.resolve("run.json")).path("status").asText());
    }

    @Test
    @Order(2)
    void localLambdaInvokePrintsThePayloadAndTheDecodedLog() throws Exception {
        Command.Result r = Kit.invokeScaleUp(Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = List.of(r.output().split("\n"));
        String start = lines.stream()
                .filter(l -> l.startsWith("START RequestId: "))
                .findFirst()
                .orElse(null);
        assertNotNull(start, r::toString);
        String requestId = start.substring("START RequestId: ".length()).split("\\s")[0];
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("END RequestId: " + requestId)), r::toString);
        ReportLine report = lines.stream()
                .map(ReportLineParser::parse)
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(null);
        assertNotNull(report, () -> "no REPORT line: " + r);
        assertEquals(requestId, report.requestId());
        assertTrue(report.durationMs() > 0, r::toString);
        // the payload: the handler's JSON answer, on a line of its own
        JsonNode payload = null;
        for (String l : lines) {
            if (l.startsWith("{")) {
                payload = Kit.JSON.readTree(l);
            }
        }
        assertNotNull(payload, () -> "no JSON payload: " + r);
        assertTrue(payload.has("checksum"), payload::toString);
        assertFalse(r.output().contains("LogResult"), "the log is decoded, not the raw base64 response");
    }

    @Test
    @Order(2)
    void localLambdaInvokeOfAnUnknownFunctionSaysSo() throws Exception {
        Command.Result r = Kit.localLambda(Duration.ofMinutes(2), "invoke", "NoSuchFunction");
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(r.output().contains("ResourceNotFoundException"), r::toString);
        assertTrue(r.output().contains("NoSuchFunction"), r::toString);
    }

    @Test
    @Order(3)
    void unknownTechniqueIsRefused() throws Exception {
        String runId = Kit.newRunId("unknown");
        Command.Result r = Kit.runExperiments(
                Kit.localEnv(), "--techniques", "scale-up,no-such-technique", "--no-report", "--run-id", runId);
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(r.output().contains("unknown technique 'no-such-technique'"), r::toString);
        assertFalse(Files.exists(Kit.runDir(runId)), "no results folder for a run that never started");
    }

    @Test
    @Order(4)
    void failingFunctionMarksTheRunFailedAndKeepsItsLines(@TempDir Path events) throws Exception {
        try (Stream<Path> s = Files.list(Kit.ROOT.resolve("events"))) {
            for (Path p : s.toList()) {
                Files.copy(p, events.resolve(p.getFileName()));
            }
        }
        // out of range: the handler throws IllegalArgumentException
        Files.writeString(events.resolve("scale-up.json"), "{\"iterations\": -5}");
        String runId = Kit.newRunId("failing");
        Map<String, String> env = new HashMap<>(Kit.localEnv());
        env.put("KIT_EVENTS_DIR", events.toString());
        Command.Result r = Kit.runExperiments(
                env, "--techniques", "scale-up", "--memory", "3008", "--cold", "1", "--warm", "1", "--run-id", runId);
        Path dir = Kit.runDir(runId);
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(r.output().contains("FAILED"), r::toString);
        JsonNode run = Kit.readJson(dir.resolve("run.json"));
        assertEquals("failed", run.path("status").asText(), run::toString);
        List<String> responses = Files.readAllLines(dir.resolve("responses/ScaleUp3008Function.jsonl"));
        assertEquals(2, responses.size(), "both invocations recorded");
        for (String line : responses) {
            JsonNode resp = Kit.JSON.readTree(line);
            assertEquals("Unhandled", resp.path("functionError").asText(), line);
            assertTrue(resp.path("payload").toString().contains("IllegalArgumentException"), line);
        }
        assertEquals(
                2, Kit.tailLines(dir, "ScaleUp3008Function").size(), "REPORT lines of the failed invocations kept");
        assertTrue(Files.exists(dir.resolve("raw/ScaleUp3008Function.cloudwatch.json")), "CloudWatch lines collected");
        assertTrue(Files.exists(dir.resolve("report/tables.md")), "the report still runs on what was collected");
    }

    @Test
    @Order(5)
    void htmlReportRendersInHeadlessChromium(@TempDir Path profile) throws Exception {
        assertNotNull(localRunDir, "the local matrix run did not happen");
        Path html = localRunDir.resolve("report/report.html");
        assertTrue(Files.exists(html), "no " + html);
        Rendered page = render(html, profile);
        assertTrue(page.dom().contains("<table"), "the rendered DOM has no table");
        assertTrue(
                page.dom().contains("scale-up") || page.dom().contains("ScaleUp"),
                "the rendered DOM does not show scale-up");
        assertTrue(page.dom().contains("<svg"), "the rendered DOM has no chart (svg)");
        assertTrue(
                page.problems().isEmpty(),
                () -> "console errors in report.html:\n" + String.join("\n", page.problems()));
    }

    /** The console check itself: a page with a console.error and an uncaught exception must be caught. */
    @Test
    @Order(6)
    void chromiumCheckCatchesConsoleErrors(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(
                bad,
                "<html><body><table><tr><td>x</td></tr></table>"
                        + "<script>console.error('boom'); noSuchFunction();</script></body></html>");
        Rendered page = render(bad, dir.resolve("profile"));
        assertTrue(page.dom().contains("<table"), page::toString);
        assertEquals(2, page.problems().size(), page::toString);
    }

    record Rendered(String dom, List<String> problems) {}

    /**
     * Renders a page in headless Chromium and returns its DOM and the console errors, uncaught exceptions and failed
     * loads. Chromium logs console messages without their level, so a copy of the page (next to it, for relative links)
     * gets a first script that marks console.error and console.warn.
     */
    static Rendered render(Path html, Path profile) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            fail("chromium not found at " + chromium
                    + ": install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium");
        }
        String marker = "<script>['error','warn'].forEach(function (l) { var o = console[l]; console[l] = function () {"
                + " o.apply(console, ['E2E-CONSOLE-' + l.toUpperCase() + ':'].concat([].slice.call(arguments))); }; });</script>";
        String page = Files.readString(html, StandardCharsets.UTF_8);
        int head = page.toLowerCase().indexOf("<head>");
        String marked = head >= 0 ? page.substring(0, head + 6) + marker + page.substring(head + 6) : marker + page;
        Path copy = html.resolveSibling(".e2e-" + html.getFileName());
        Files.writeString(copy, marked, StandardCharsets.UTF_8);
        try {
            Command.Result r = Kit.run(
                    Duration.ofMinutes(2),
                    Map.of(),
                    chromium.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--user-data-dir=" + profile,
                    "--enable-logging=stderr",
                    "--v=0",
                    "--virtual-time-budget=5000",
                    "--dump-dom",
                    copy.toUri().toString());
            assertEquals(0, r.exitCode(), () -> "chromium failed: " + r);
            List<String> problems = new ArrayList<>();
            for (String line : r.output().split("\n")) {
                if (line.contains(":CONSOLE") && (line.contains("E2E-CONSOLE-") || line.contains("Uncaught"))
                        || line.contains("Failed to load resource")
                        || line.contains("net::ERR_FILE_NOT_FOUND")) {
                    problems.add(line);
                }
            }
            return new Rendered(r.output(), problems);
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
