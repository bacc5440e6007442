package kit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kit.testsupport.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runner's lifecycle against a local Lambda that no one else runs on the tests' port: what it checks before starting
 * anything, two runs started together, and Ctrl-C (SIGINT to the run's process group). Each run here starts the local
 * Lambda itself (nothing serves on the port when it begins), so these tests also check that a run stops the server it
 * started and only that one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleIT {
    /** The first start of the tests' local Lambda builds every function: allow for a slow, shared machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    @BeforeAll
    void nothingServesOnThePort() {
        assumeFalse(
                infoAnswers(), "a local Lambda already serves on " + Kit.ENDPOINT + ": these tests need the port free");
    }

    @AfterAll
    void stopLeftovers() throws Exception {
        // a failed test may leave a server behind: stop it so the next class starts clean
        Kit.localLambda(Duration.ofMinutes(1), "stop");
    }

    @AfterAll
    void removeResults() throws IOException {
        // only this class's runs (other classes of this JVM decide about theirs); kept with -De2e.keep=true
        Kit.removeCreatedRuns(
                null, name -> name.matches("e2e-(memory-100|together-a|together-b|by-hand|interrupted)-\\d+"));
    }

    private static boolean alive(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    static boolean infoAnswers() {
        return Kit.localLambdaAnswers();
    }

    @Test
    @Order(1)
    void memoryNotInTheTemplateFailsBeforeAnythingStarts() throws Exception {
        String runId = Kit.newRunId("memory-100");
        Command.Result r = Kit.runExperiments(Kit.localEnv(), "--memory", "100", "--run-id", runId);
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(r.output().contains("--memory 100"), r::toString);
        // the valid sizes, per technique, as template.yaml has them
        assertTrue(r.output().contains("scale-up: 128,256,512,1024,1536,1769,2048,3008"), r::toString);
        assertTrue(r.output().contains("context-reuse: 256,1024"), r::toString);
        assertFalse(Files.exists(Kit.runDir(runId)), "no results folder for a run that never started");
        assertFalse(r.output().contains("starting the local Lambda"), r::toString);
        assertFalse(infoAnswers(), "no local Lambda was started");
        assertFalse(Files.exists(Kit.STATE_DIR.resolve("server.pid")), "no local Lambda was started");
    }

    @Test
    @Order(2)
    void invokeWithNoServerStartsOneForTheCallAndStopsItAfter() throws Exception {
        // as sam local invoke: a server for this call only, building just the invoked function (--lazy-build)
        Command.Result r = Kit.invokeScaleUp(Duration.ofMinutes(10));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.output().contains("starting one for this call"), r::toString);
        assertTrue(r.output().contains("each function is built with Maven at its first call"), r::toString);
        assertTrue(r.output().lines().anyMatch(l -> l.startsWith("REPORT RequestId: ")), r::toString);
        JsonNode payload = null;
        for (String l : r.output().lines().toList()) {
            if (l.startsWith("{")) {
                payload = Kit.JSON.readTree(l);
            }
        }
        assertTrue(payload != null && payload.has("checksum"), r::toString);
        // and gone again: nothing on the port, no pid file, no process of the state folder (server or function JVM)
        assertFalse(infoAnswers(), "the local Lambda the invoke started is still running");
        assertFalse(Files.exists(Kit.STATE_DIR.resolve("server.pid")), "server.pid left behind");
        List<String> left = processesMentioning(Kit.STATE_DIR.toString());
        assertTrue(left.isEmpty(), () -> "processes still using " + Kit.STATE_DIR + ": " + left);
    }

    @Test
    @Order(2)
    void invokeUsesARunningServerAndLeavesItRunning() throws Exception {
        Command.Result start = Kit.localLambda(Duration.ofMinutes(10), "start", "--", "--lazy-build");
        assertEquals(0, start.exitCode(), start::toString);
        try {
            String pid = Files.readString(Kit.STATE_DIR.resolve("server.pid")).trim();
            Command.Result r = Kit.invokeScaleUp(Duration.ofMinutes(5));
            assertEquals(0, r.exitCode(), r::toString);
            assertFalse(r.output().contains("starting one for this call"), r::toString);
            assertTrue(r.output().lines().anyMatch(l -> l.startsWith("REPORT RequestId: ")), r::toString);
            assertTrue(infoAnswers(), "the invoke stopped a local Lambda it did not start");
            assertEquals(
                    pid, Files.readString(Kit.STATE_DIR.resolve("server.pid")).trim());
            assertTrue(alive(pid), "server pid " + pid);
        } finally {
            Kit.localLambda(Duration.ofMinutes(1), "stop");
        }
    }

    /** A process started in its own process group (setsid), its output going to a file. */
    record Started(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        Command.Result await(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                throw new AssertionError("timed out after " + timeout + ":\n" + output());
            }
            String out = output();
            Files.deleteIfExists(log);
            System.out.println(out);
            return new Command.Result(process.exitValue(), out);
        }
    }

    static Started startRun(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of("setsid", Kit.ROOT.resolve("scripts/run-experiments.sh").toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("kit-e2e-run", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(Kit.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(Kit.localEnv());
        System.out.println("$ " + String.join(" ", cmd));
        return new Started(pb.start(), log);
    }

    @Test
    @Order(3)
    void twoRunsStartedTogetherBothFinishAndTheLastOneStopsTheServer() throws Exception {
        String a = Kit.newRunId("together-a");
        String b = Kit.newRunId("together-b");
        Started runA = startRun(Kit.experimentArgs("scale-up", 1, 2, a, "--memory", "3008", "--no-report"));
        Started runB = startRun(Kit.experimentArgs("scale-up", 1, 2, b, "--memory", "1769", "--no-report"));
        Command.Result ra = runA.await(RUN_TIMEOUT);
        Command.Result rb = runB.await(RUN_TIMEOUT);
        for (var entry : Map.of(a, ra, b, rb).entrySet()) {
            Command.Result r = entry.getValue();
            Path dir = Kit.runDir(entry.getKey());
            assertEquals(0, r.exitCode(), () -> entry.getKey() + ": " + r);
            assertFalse(r.output().contains("FAILED"), r::toString);
            assertEquals(
                    "complete",
                    Kit.readJson(dir.resolve("run.json")).path("status").asText());
            String fn = Kit.readJson(dir.resolve("functions.json"))
                    .get(0)
                    .path("name")
                    .asText();
            assertEquals(3, Kit.tailLines(dir, fn).size(), () -> fn + ": 1 cold + 2 warm REPORT lines");
            for (String line : Files.readAllLines(dir.resolve("responses").resolve(fn + ".jsonl"))) {
                assertEquals(200, Kit.JSON.readTree(line).path("status").asInt(), line);
            }
        }
        // exactly one started the server; the other waited for it and used it
        String both = ra.output() + rb.output();
        assertEquals(1, count(both, "starting the local Lambda on port"), both);
        assertEquals(1, count(both, "using the local Lambda already running"), both);
        // and whoever was last stopped it: nothing left on the port, no pid file, no owner marker
        assertFalse(infoAnswers(), "the local Lambda the runs started is still running");
        assertFalse(Files.exists(Kit.STATE_DIR.resolve("server.pid")), "server.pid left behind");
        assertFalse(Files.exists(Kit.STATE_DIR.resolve("server.owner")), "server.owner left behind");
    }

    @Test
    @Order(4)
    void aRunLeavesALocalLambdaStartedByHandRunning() throws Exception {
        Command.Result start = Kit.localLambda(Duration.ofMinutes(10), "start");
        assertEquals(0, start.exitCode(), start::toString);
        try {
            String pid = Files.readString(Kit.STATE_DIR.resolve("server.pid")).trim();
            String runId = Kit.newRunId("by-hand");
            Command.Result r = Kit.runExperiments(
                    Kit.localEnv(), Kit.experimentArgs("scale-up", 1, 1, runId, "--memory", "3008", "--no-report"));
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.output().contains("this run leaves it running"), r::toString);
            assertTrue(infoAnswers(), "the run stopped a local Lambda it did not start");
            assertTrue(alive(pid), "server pid " + pid);
        } finally {
            Kit.localLambda(Duration.ofMinutes(1), "stop");
        }
    }

    @Test
    @Order(5)
    void sigintToTheProcessGroupEndsTheRunAtOnceAndLeavesNothingRunning() throws Exception {
        String runId = Kit.newRunId("interrupted");
        // 256 MB: a scale-up call takes seconds there, so the signal lands while calls are in flight
        Started run = startRun(
                "--techniques", "scale-up", "--memory", "256,3008", "--cold", "1", "--warm", "3", "--run-id", runId);
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (!run.output().contains("cold 1/1") && run.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(run.process().isAlive(), () -> "the run ended before the signal:\n" + outputOf(run));
        Optional<Long> serverPid = readPid(Kit.STATE_DIR.resolve("server.pid"));
        assertTrue(serverPid.isPresent(), "the run started a local Lambda");
        long pgid = run.process().pid();
        long signalled = System.nanoTime();
        Process kill =
                new ProcessBuilder("kill", "-INT", "--", "-" + pgid).inheritIO().start();
        assertEquals(0, kill.waitFor());
        Command.Result r = run.await(Duration.ofMinutes(2));
        double seconds = (System.nanoTime() - signalled) / 1e9;

        assertNotEquals(0, r.exitCode(), r::toString);
        // at once: well before the rest of the run (6 more calls of seconds each at 256 MB) would have finished
        assertTrue(seconds < 20, "the run took " + seconds + " s to end after SIGINT");
        assertTrue(r.output().contains("scripts/report.sh results/" + runId), r::toString);
        Path dir = Kit.runDir(runId);
        JsonNode runJson = Kit.readJson(dir.resolve("run.json"));
        assertEquals("interrupted", runJson.path("status").asText(), runJson::toString);
        assertTrue(Files.exists(dir.resolve("raw/ScaleUp256Function.tail.log")), "partial results kept");
        assertFalse(r.output().contains("warm 3/3"), "the run went on after the signal:\n" + r);

        // nothing left: no process of the run's group, the local Lambda it started (and its JVMs) gone
        Thread.sleep(500);
        Process ps = new ProcessBuilder("ps", "-o", "pid=,args=", "-g", String.valueOf(pgid))
                .redirectErrorStream(true)
                .start();
        String left = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        ps.waitFor();
        assertEquals("", left, "processes left in the run's process group");
        assertFalse(
                ProcessHandle.of(serverPid.get()).map(ProcessHandle::isAlive).orElse(false),
                "the local Lambda the run started is still running (pid " + serverPid.get() + ")");
        assertFalse(infoAnswers(), "the local Lambda still answers");
        List<String> strays = processesMentioning(Kit.STATE_DIR.toString());
        assertTrue(strays.isEmpty(), () -> "processes still using " + Kit.STATE_DIR + ": " + strays);
    }

    private static String outputOf(Started s) {
        try {
            return s.output();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Command lines of live processes that mention text (the server and its JVMs carry the state dir in theirs). */
    static List<String> processesMentioning(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmd.contains(text) && !cmd.contains("surefire") && !cmd.contains("failsafe")) {
                        out.add(p.getFileName() + ": " + cmd);
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
