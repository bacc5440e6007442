package kit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kit.testsupport.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of the committed example run, rebuilt by scripts/report.sh from its raw lines and opened in headless
 * Chromium: every section has its conclusion and a chart (the x86/arm pairs excepted), and the page logs no error. Needs no
 * local Lambda, so it runs in seconds.
 */
class ReportStoryIT {
    /** x86_64 vs arm64 is a table of pairs; every other section draws at least one chart. */
    private static final List<String> WITHOUT_CHART = List.of("architectures");

    /** A copy of results/example without its derived report/, so the test rebuilds it and leaves the original alone. */
    private static Path exampleCopy(Path dir) throws IOException {
        Path source = Kit.ROOT.resolve("results/example");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(p -> !source.relativize(p).startsWith("report"))
                    .toList()) {
                Path target = dir.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    @Test
    void everySectionOfTheRenderedReportHasAConclusionAndAChart(@TempDir Path temp) throws Exception {
        Path run = exampleCopy(temp.resolve("example"));
        Command.Result r = Kit.run(
                Duration.ofMinutes(5),
                Map.of(),
                Kit.ROOT.resolve("scripts/report.sh").toString(),
                run.toString());
        assertEquals(0, r.exitCode(), r::toString);

        RunExperimentsIT.Rendered page =
                RunExperimentsIT.render(run.resolve("report/report.html"), temp.resolve("profile"));
        assertTrue(
                page.problems().isEmpty(),
                () -> "console errors in report.html:\n" + String.join("\n", page.problems()));
        List<String> ids = new ArrayList<>();
        Matcher sections = Pattern.compile("<section id=\"([^\"]+)\">(.*?)</section>", Pattern.DOTALL)
                .matcher(page.dom());
        while (sections.find()) {
            String id = sections.group(1);
            String body = sections.group(2);
            ids.add(id);
            assertTrue(body.matches("(?s).*<p class=\"conclusion\">[^<]{20,}</p>.*"), "no conclusion in section " + id);
            if (!WITHOUT_CHART.contains(id)) {
                assertTrue(body.contains("<svg"), "no chart in section " + id);
            }
        }
        assertEquals(
                List.of(
                        "context-reuse",
                        "sdk-slimming",
                        "scale-up",
                        "parallel",
                        "jvm-options",
                        "logging",
                        "recommendations",
                        "cost"),
                ids,
                "the talk's order, then the Java techniques");
    }

    @Test
    void comparingARunWithItselfFindsNoRealChange(@TempDir Path temp) throws Exception {
        Path a = exampleCopy(temp.resolve("a"));
        Path b = exampleCopy(temp.resolve("b"));
        Command.Result r = Kit.compareRuns(Duration.ofMinutes(5), a, b);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.output().contains("n too small"), r::toString);
        assertFalse(r.output().contains("| real"), r::toString);
    }
}
