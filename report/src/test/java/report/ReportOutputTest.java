package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportOutputTest {

    private static Path run(Path temp) throws Exception {
        return SyntheticRun.write(
                temp.resolve("run-a"),
                List.of(
                        new SyntheticRun.Fn("ScaleUp512Function", "scale-up", "default", 512, 400, new double[] {
                            3500, 3400, 3420, 3410
                        }),
                        new SyntheticRun.Fn("ScaleUp1769Function", "scale-up", "default", 1769, 250, new double[] {
                            1000, 980, 990, 985
                        }),
                        new SyntheticRun.Fn("LoggingLog4j21024Function", "logging", "Log4j2", 1024, 700, new double[] {
                            90, 20, 22, 21
                        })));
    }

    @Test
    void tablesCsvJsonAndHtmlAgreeWithTheRawLines(@TempDir Path temp) throws Exception {
        Path dir = run(temp);
        assertEquals(0, Main.run(new String[] {dir.toString()}));
        Path out = dir.resolve("report");
        String md = Files.readString(out.resolve("tables.md"));
        assertTrue(md.contains("Scale up: memory buys CPU"), md);
        assertTrue(md.contains("cgroup-v1") && md.contains("Test CPU"), "table headers name machine and CPU mode");

        JsonNode cells = new ObjectMapper().readTree(out.resolve("cells.json").toFile());
        JsonNode warm512 = null;
        for (JsonNode c : cells) {
            if (c.path("function").asText().equals("ScaleUp512Function")
                    && c.path("phase").asText().equals("warm")) {
                warm512 = c;
            }
        }
        assertEquals(3, warm512.path("duration").path("count").asInt(), "each invocation once, though in two sources");
        assertEquals(3410.0, warm512.path("duration").path("p50").asDouble(), "p50 of 3400, 3410, 3420");

        List<String> csv = Files.readAllLines(out.resolve("cells.csv"));
        assertEquals(1 + 6, csv.size(), "a header and one row per function and phase");

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("</html>"));
        assertTrue(html.contains("<svg"), "charts are inline");
        for (String external : List.of("src=", "href=", "<script", "<link", "@import", "url(")) {
            assertFalse(html.contains(external), "report.html must be self-contained, found " + external);
        }
        assertTrue(Files.isRegularFile(out.resolve("charts/scale-up-duration.svg")));
    }

    @Test
    void scaleUpSpeedUpIsMeasuredAgainstTheSmallestSize(@TempDir Path temp) throws Exception {
        Path dir = run(temp);
        Main.run(new String[] {dir.toString()});
        String md = Files.readString(dir.resolve("report/tables.md"));
        // 3410 / 985 = 3.46x measured; the model says 1769/512 = 3.46x
        assertTrue(md.contains("| 1769 | 985.00 |"), md);
        assertTrue(md.contains("3.46x"), md);
        assertTrue(md.contains("← 1 vCPU"));
    }

    @Test
    void aFolderWithoutReportLinesIsAClearError(@TempDir Path temp) throws Exception {
        Path dir = SyntheticRun.write(temp.resolve("empty"), List.of());
        IllegalArgumentException e =
                Assertions.assertThrows(IllegalArgumentException.class, () -> Main.run(new String[] {dir.toString()}));
        assertTrue(e.getMessage().contains("no REPORT lines"), e.getMessage());
    }
}
