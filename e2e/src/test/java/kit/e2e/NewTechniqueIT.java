package kit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CONTRIBUTING's "Add a technique", as a newcomer types it, in a temporary copy of the kit (its working tree, as git
 * sees it): scripts/new-technique.sh NAME, then scripts/run-experiments.sh --techniques NAME on the copy's own local
 * Lambda, then the report: the technique's section with its table, a computed conclusion and its charts. A bad name is
 * refused with its reason and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewTechniqueIT {
    private static final String NAME = "probe-cache";

    private Path copy;
    private Map<String, String> env;

    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", output:\n" + output;
        }
    }

    @BeforeAll
    void copyOfTheKit() throws Exception {
        copy = Files.createTempDirectory("kit-new-technique");
        Result files = run(
                Kit.ROOT, Duration.ofMinutes(1), "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        assertEquals(0, files.exitCode(), files::toString);
        for (String file : files.output().split("\0")) {
            Path from = Kit.ROOT.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(from) || file.startsWith("results/")) {
                continue;
            }
            Path to = copy.resolve(file);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        // the jars mvn verify built before this test, copied after their sources so the scripts find them fresh
        for (String jar : List.of("local-lambda/target/local-lambda.jar", "report/target/report.jar")) {
            Path to = copy.resolve(jar);
            Files.createDirectories(to.getParent());
            Files.copy(Kit.ROOT.resolve(jar), to);
        }
        env = new LinkedHashMap<>();
        // its own local Lambda, on the copy's template: E2E_NEW_TECHNIQUE_PORT, else a free port
        env.put(
                "LOCAL_LAMBDA_PORT",
                System.getenv().getOrDefault("E2E_NEW_TECHNIQUE_PORT", Integer.toString(freePort())));
        env.put("LOCAL_LAMBDA_STATE_DIR", copy.resolve(".local-lambda-state").toString());
    }

    @AfterAll
    void stopAndRemove() throws Exception {
        if (copy == null) {
            return;
        }
        run(copy, Duration.ofMinutes(1), copy.resolve("scripts/local-lambda.sh").toString(), "stop");
        if (!Boolean.getBoolean("e2e.keep")) {
            try (Stream<Path> paths = Files.walk(copy)) {
                for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                        .toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aScaffoldedTechniqueRunsLocallyAndTheReportTellsIt() throws Exception {
        String registryBefore = Files.readString(copy.resolve("techniques.json"));
        Result bad = run(copy, Duration.ofMinutes(5), script("new-technique.sh"), "Probe_Cache");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.output().contains("new-technique: 'Probe_Cache' is not a technique name"), bad::toString);
        assertEquals(
                registryBefore, Files.readString(copy.resolve("techniques.json")), "a refused name writes nothing");

        Result scaffold = run(copy, Duration.ofMinutes(5), script("new-technique.sh"), NAME);
        assertEquals(0, scaffold.exitCode(), scaffold::toString);
        for (String file : List.of(
                "functions/" + NAME + "/pom.xml",
                "functions/" + NAME + "/src/main/java/tuning/probecache/ProbeCacheHandler.java",
                "functions/" + NAME + "/src/test/java/tuning/probecache/ProbeCacheHandlerTest.java",
                "events/" + NAME + ".json")) {
            assertTrue(Files.isRegularFile(copy.resolve(file)), file);
        }
        assertTrue(Files.readString(copy.resolve("template.yaml")).contains("ProbeCacheTuned1024Function:"));
        assertTrue(Files.readString(copy.resolve("pom.xml")).contains("<module>functions/" + NAME + "</module>"));

        Result module =
                run(copy, Duration.ofMinutes(5), "mvn", "-B", "-q", "-f", "functions/" + NAME + "/pom.xml", "verify");
        assertEquals(0, module.exitCode(), () -> "the scaffolded module's own build and test: " + module);

        Result experiment = run(
                copy,
                Duration.ofMinutes(15),
                script("run-experiments.sh"),
                "--techniques",
                NAME,
                "--run-id",
                "new-technique-e2e");
        assertEquals(0, experiment.exitCode(), experiment::toString);
        Path report = copy.resolve("results/new-technique-e2e/report");
        String tables = Files.readString(report.resolve("tables.md"));
        assertTrue(tables.contains("### " + NAME + ": Baseline vs Tuned"), tables);
        assertTrue(
                tables.contains("**Against Baseline, Tuned made a cold start (Init + first call) "),
                () -> "the computed conclusion against the baseline:\n" + tables);
        assertTrue(tables.contains("| Tuned | 1024 |"), tables);
        assertFalse(tables.contains("No conclusion computed"), tables);
        assertTrue(Files.size(report.resolve("charts/" + NAME + "-cold.svg")) > 0, "cold-start chart");
        assertTrue(Files.size(report.resolve("charts/" + NAME + "-warm.svg")) > 0, "warm chart");
        String html = Files.readString(report.resolve("report.html"));
        assertTrue(html.contains("<section id=\"" + NAME + "\">"), "the HTML report has the section");
    }

    private String script(String name) {
        return copy.resolve("scripts").resolve(name).toString();
    }

    /** Runs a command in dir, stdout and stderr merged, echoing it to this JVM's stdout. */
    private Result run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        if (env != null) {
            pb.environment().putAll(env);
        }
        Path log = Files.createTempFile("kit-new-technique", ".log");
        pb.redirectOutput(log.toFile());
        System.out.println("$ " + String.join(" ", cmd));
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", cmd) + "\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(out);
        return new Result(p.exitValue(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
