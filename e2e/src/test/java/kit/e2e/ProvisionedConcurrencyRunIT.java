package kit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kit.testsupport.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provisioned-concurrency technique end to end: locally (allocation on the round's version, first call without
 * Init Duration, the section with its computed sentence, nothing left allocated), and through the AWS path against the
 * local Lambda interrupted with INT while it holds its allocation: the allocation is released and checked gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisionedConcurrencyRunIT {
    private static final String TECHNIQUE = "provisioned-concurrency";
    private boolean startedLocalLambda;

    @RegisterExtension
    final Kit.FailureWatcher watcher = new Kit.FailureWatcher();

    @BeforeAll
    void localLambdaRunning() throws Exception {
        if (!Kit.localLambdaAnswers()) {
            Files.createDirectories(Kit.STATE_DIR);
            Command.Result r = Kit.localLambda(Duration.ofMinutes(5), "start");
            assertEquals(0, r.exitCode(), () -> "scripts/local-lambda.sh start failed: " + r);
            startedLocalLambda = true;
        }
    }

    @AfterAll
    void cleanUp() throws Exception {
        Kit.removeCreatedRuns(watcher, name -> true);
        if (startedLocalLambda) {
            Kit.localLambda(Duration.ofMinutes(1), "stop");
        }
    }

    @Test
    void theTechniqueRunsLocallyAndReleasesItsAllocation() throws Exception {
        String runId = Kit.newRunId("provisioned");
        Command.Result r = Kit.runExperiments(Kit.localEnv(), Kit.experimentArgs(TECHNIQUE, 1, 2, runId));
        assertEquals(0, r.exitCode(), () -> "run-experiments.sh failed: " + r);
        assertTrue(r.output().contains("provisioned concurrency READY after"), r.output());
        Path dir = Kit.runDir(runId);
        assertEquals(
                "complete", Kit.readJson(dir.resolve("run.json")).path("status").asText());
        JsonNode functions = Kit.readJson(dir.resolve("functions.json"));
        String provisioned = null;
        for (JsonNode f : functions) {
            if (f.path("variant").asText().equals("Provisioned")) {
                provisioned = f.path("name").asText();
            }
        }
        assertTrue(provisioned != null, functions::toString);
        List<String> responses = Files.readAllLines(dir.resolve("responses").resolve(provisioned + ".jsonl"));
        assertEquals(5, responses.size(), "1 first + 2 warm calls, then a burst of 2 at once");
        List<String> spilled = new ArrayList<>();
        for (String line : responses) {
            JsonNode response = Kit.JSON.readTree(line);
            String type = response.at("/payload/initializationType").asText();
            if (response.path("phase").asText().equals("burst") && type.equals("on-demand")) {
                spilled.add(response.path("requestId").asText());
                assertEquals("C1", response.at("/payload/jit").asText(), "an on-demand environment stops at C1");
                continue;
            }
            assertEquals("provisioned-concurrency", type, line);
            assertEquals("C1+C2", response.at("/payload/jit").asText(), "java25 under provisioned concurrency");
        }
        assertEquals(1, spilled.size(), "the call past the allocation spilled over: " + responses);
        for (var line : Kit.tailLines(dir, provisioned)) {
            assertEquals(spilled.contains(line.requestId()), line.initDurationMs() != null, line.toString());
        }
        assertTrue(
                r.output().contains("burst of 2 calls at once on 1 provisioned: 1 spilled over to a cold start"),
                r.output());
        String report = Files.readString(dir.resolve("report/tables.md"), StandardCharsets.UTF_8);
        assertTrue(report.contains("under provisioned concurrency against a"), report);
        assertTrue(report.contains("60 %"), report);
        assertTrue(report.contains("| 1 of 2 |"), "the burst's cold starts in the table: " + report);
        assertTrue(Files.exists(dir.resolve("report/charts/" + TECHNIQUE + "-provisioned-cost.svg")));
        assertEquals(0, allocated().size(), "the run released its allocation: " + allocated());
    }

    @Test
    void anInterruptedAwsPathRunReleasesItsAllocation() throws Exception {
        String runId = Kit.newRunId("provisioned-int");
        List<String> cmd = new ArrayList<>(
                List.of("setsid", Kit.ROOT.resolve("scripts/run-experiments.sh").toString()));
        cmd.addAll(List.of(Kit.experimentArgs(
                TECHNIQUE,
                1,
                50,
                runId,
                "--target",
                "aws",
                "--stack",
                "local",
                "--region",
                "us-east-1",
                "--no-report")));
        Path out = Files.createTempFile("provisioned-int", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(Kit.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(Kit.awsPathEnv());
        Process p = pb.start();
        try {
            // INT (as Ctrl-C, to the whole process group) once the allocation is READY and the warm calls run
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!Files.readString(out).contains("warm 2/50")) {
                assertTrue(p.isAlive(), () -> "ended before its warm calls: " + read(out));
                assertTrue(System.nanoTime() < until, () -> "no warm calls within 5 min: " + read(out));
                Thread.sleep(200);
            }
            assertFalse(allocated().isEmpty(), "allocated while the run holds it");
            new ProcessBuilder("kill", "-INT", "--", "-" + p.pid())
                    .inheritIO()
                    .start()
                    .waitFor();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), () -> "still running after INT: " + read(out));
        } finally {
            p.destroyForcibly();
        }
        String output = read(out);
        assertTrue(output.contains("provisioned concurrency released"), output);
        assertEquals(0, allocated().size(), "released and gone after INT: " + allocated() + "\n" + output);
        assertEquals(
                "interrupted",
                Kit.readJson(Kit.runDir(runId).resolve("run.json"))
                        .path("status")
                        .asText());
        Files.deleteIfExists(out);
    }

    /** What the local Lambda has allocated now (/_local/info provisionedConcurrency). */
    private static JsonNode allocated() throws IOException {
        return Kit.JSON
                .readTree(URI.create(Kit.ENDPOINT + "/_local/info").toURL())
                .path("provisionedConcurrency");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
