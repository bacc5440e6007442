package kit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kit.testsupport.Command;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The guide is the test: every local command of WORKSHOP.md's bash blocks, in order and as written, in a fresh clone of
 * the kit (with this working tree's changes), on the tests' own port. A block fails the test when it exits non-zero or
 * its output misses what the guide's `<!-- expect: ... -->` says it shows. The time of each section is printed and
 * written to e2e/target/workshop-timing.md (the guide's timing table is measured with it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkshopIT {
    private static final Path CLONE = Kit.ROOT.resolve("e2e/target/workshop-clone");

    @Test
    @Order(1)
    void theGuideIsReadAsAnAttendeeWithoutAwsRunsIt() {
        String md = String.join(
                "\n",
                "## Lab 1",
                "```bash",
                "scripts/run-experiments.sh --techniques a \\",
                "  --memory 1024",
                "scripts/run-experiments.sh --target aws --techniques a",
                "sam build && sam deploy",
                "aws lambda list-functions",
                "aws lambda list-functions --endpoint-url http://127.0.0.1:3001",
                "# a comment",
                "```",
                "",
                "<!-- expect: real \\(p= -->",
                "```text",
                "not run",
                "```");
        List<WorkshopGuide.Block> blocks = WorkshopGuide.blocks(md);
        assertEquals(1, blocks.size());
        WorkshopGuide.Block b = blocks.get(0);
        assertEquals("Lab 1", b.section());
        assertEquals(
                List.of(
                        "scripts/run-experiments.sh --techniques a    --memory 1024",
                        "aws lambda list-functions --endpoint-url http://127.0.0.1:3001"),
                b.commands());
        assertTrue(b.expected().get(0).matcher("| x | real (p=0.002) |").find());
    }

    @Test
    @Order(2)
    void everyLocalCommandOfTheGuideRunsAsWritten() throws Exception {
        List<WorkshopGuide.Block> blocks =
                WorkshopGuide.blocks(Files.readString(Kit.ROOT.resolve("WORKSHOP.md"), StandardCharsets.UTF_8));
        assertFalse(blocks.isEmpty(), "WORKSHOP.md has no bash blocks");
        freshClone();
        Map<String, String> env = Map.of(
                "LOCAL_LAMBDA_PORT",
                Kit.PORT,
                // the guide's runs print as in a terminal, without one
                "TERM",
                "dumb");
        Map<String, Double> seconds = new LinkedHashMap<>();
        try {
            for (WorkshopGuide.Block b : blocks) {
                if (b.commands().isEmpty()) {
                    continue;
                }
                long t0 = System.nanoTime();
                Command.Result r = Command.run(CLONE, Duration.ofMinutes(20), env, true, "bash", "-c", b.script());
                seconds.merge(b.section(), (System.nanoTime() - t0) / 1e9, Double::sum);
                String where = "WORKSHOP.md line " + b.line() + " (" + b.section() + ")";
                assertEquals(0, r.exitCode(), where + " failed:\n" + b.script() + "\n" + r.output());
                for (Pattern p : b.expected()) {
                    assertTrue(
                            p.matcher(r.output()).find(),
                            where + ": its output does not show " + p + "\n" + r.output());
                }
            }
        } finally {
            Command.run(CLONE, Duration.ofMinutes(1), env, false, "scripts/local-lambda.sh", "stop");
            writeTiming(seconds);
        }
        assertFalse(Kit.localLambdaAnswers(), "the guide left a local Lambda running on port " + Kit.PORT);
    }

    /** A clone of this repository's HEAD with the working tree's changes and new files, as a clean clone would be. */
    private static void freshClone() throws IOException, InterruptedException {
        if (Files.exists(CLONE)) {
            try (Stream<Path> s = Files.walk(CLONE)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(CLONE.getParent());
        git(Kit.ROOT, "clone", "-q", "--no-hardlinks", Kit.ROOT.toString(), CLONE.toString());
        Path diff = CLONE.getParent().resolve("workshop-clone.diff");
        Files.writeString(diff, git(Kit.ROOT, "diff", "HEAD", "--binary"));
        if (Files.size(diff) > 0) {
            git(CLONE, "apply", diff.toString());
        }
        for (String f :
                git(Kit.ROOT, "ls-files", "--others", "--exclude-standard").split("\n")) {
            if (!f.isBlank() && !f.startsWith("e2e/target/")) {
                Path to = CLONE.resolve(f);
                Files.createDirectories(to.getParent());
                Files.copy(Kit.ROOT.resolve(f), to);
            }
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Command.Result r = Command.run(dir, Duration.ofMinutes(2), Map.of(), false, cmd.toArray(String[]::new));
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + ":\n" + r.output());
        return r.output();
    }

    private static void writeTiming(Map<String, Double> seconds) throws IOException {
        StringBuilder md = new StringBuilder("| section | machine time (min) |\n|---|---|\n");
        double total = 0;
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), e.getValue() / 60));
            total += e.getValue();
        }
        md.append(String.format(Locale.ROOT, "| all | %.1f |%n", total / 60));
        System.out.print(md);
        Files.writeString(Kit.ROOT.resolve("e2e/target/workshop-timing.md"), md);
    }
}
