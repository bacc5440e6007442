package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryTest {
    private static final Prices PRICES = Prices.load(null);

    /** A synthetic run of these functions in temp/r. */
    private static Path runOf(Path temp, SyntheticRun.Fn... functions) throws IOException {
        return SyntheticRun.write(temp.resolve("r"), List.of(functions));
    }

    private static void assertConclusionStartsWith(Section section, String start) {
        assertTrue(section.conclusion().startsWith(start), section.conclusion());
    }

    private static SyntheticRun.Fn fn(String technique, String variant, int memory, double init, double... durations) {
        String name = technique.replace("-", "") + variant + memory + "Function";
        return new SyntheticRun.Fn(name, technique, variant, memory, init, durations);
    }

    /** Every technique of the kit plus a user's own, listed out of order on purpose. */
    private static List<SyntheticRun.Fn> wholeRun(double clientOnceFirstCall) {
        return List.of(
                fn("logging", "Log4j2", 1024, 700, 40, 4, 4, 4),
                fn("logging", "LambdaLogger", 1024, 200, 80, 4, 4, 4),
                fn("zeta-mine", "default", 1024, 300, 50, 10, 11, 12),
                fn("scale-up", "default", 256, 900, 6800, 6700, 6710, 6705),
                fn("scale-up", "default", 1769, 170, 1040, 975, 980, 985),
                fn("scale-up", "default", 3008, 165, 1041, 976, 981, 986),
                fn("alpha-mine", "default", 512, 300, 50, 10, 11, 12),
                fn("parallel", "default", 256, 900, 6800, 6700, 6710, 6705),
                fn("parallel", "default", 3008, 165, 800, 780, 790, 785),
                fn("jvm-options", "Default", 1024, 490, 940, 840, 841, 842),
                fn("jvm-options", "Tiered", 1024, 710, 710, 700, 701, 702),
                fn("sdk-slimming", "Default", 1024, 1100, 330, 15, 15, 15),
                fn("sdk-slimming", "Slim", 1024, 980, 300, 9, 9, 9),
                fn("context-reuse", "ClientInHandler", 1024, 230, 740, 4, 4, 4),
                fn("context-reuse", "ClientOnce", 1024, 830, clientOnceFirstCall, 1.5, 1.5, 1.5),
                fn("context-reuse", "SleepInHandler", 1024, 250, 2050, 2000, 2000, 2000),
                fn("context-reuse", "SleepOnce", 1024, 2230, 37, 3, 3, 3));
    }

    private static List<Section> sections(Path dir) throws Exception {
        RunData run = RunData.load(dir);
        List<Cell> cells = Cells.of(run, PRICES);
        return Story.of(run, cells, PRICES, 0.5);
    }

    @Test
    void sectionsFollowTheTalkThenTheJavaTechniquesThenUnknownOnesThenRecommendationsAndCost(@TempDir Path temp)
            throws Exception {
        List<String> ids = sections(SyntheticRun.write(temp.resolve("r"), wholeRun(62))).stream()
                .map(Section::id)
                .toList();
        assertEquals(
                List.of(
                        "context-reuse",
                        "sdk-slimming",
                        "scale-up",
                        "parallel",
                        "jvm-options",
                        "logging",
                        "alpha-mine",
                        "zeta-mine",
                        "recommendations",
                        "cost"),
                ids);
    }

    @Test
    void everySectionHasAConclusionAndAChart(@TempDir Path temp) throws Exception {
        for (Section s : sections(SyntheticRun.write(temp.resolve("r"), wholeRun(62)))) {
            assertFalse(s.conclusion().isBlank(), s.id());
            assertFalse(s.conclusion().startsWith("No conclusion computed"), s.id() + ": " + s.conclusion());
            assertFalse(s.charts().isEmpty(), "no chart for " + s.id());
        }
    }

    @Test
    void theConclusionIsComputedFromTheNumbers(@TempDir Path temp) throws Exception {
        String fast = sections(SyntheticRun.write(temp.resolve("a"), wholeRun(62)))
                .get(0)
                .conclusion();
        String slow = sections(SyntheticRun.write(temp.resolve("b"), wholeRun(370)))
                .get(0)
                .conclusion();
        // 740 / 62 = 11.9 -> "12x"; 740 / 370 = 2.0x; Init 230 -> 830 ms = 600 ms longer either way
        assertTrue(
                fast.contains("the first call 12x faster (740 → 62 ms) and Init 600 ms longer (230 → 830 ms)"), fast);
        assertTrue(slow.contains("the first call 2.0x faster (740 → 370 ms)"), slow);
        assertNotEquals(fast, slow);
        assertTrue(fast.contains("moving the sleep out of the handler made the first call 55x faster"), fast);
    }

    @Test
    void scaleUpNamesTheKneeAndWhatItCosts(@TempDir Path temp) throws Exception {
        Section scaleUp =
                sections(SyntheticRun.write(temp.resolve("r"), wholeRun(62))).get(2);
        // 6705 / 980 = 6.84x; billed 6706 ms × 256 MB vs 981 ms × 1769 MB: (981 × 1769) / (6706 × 256) = 1.01x
        assertTrue(
                scaleUp.conclusion()
                        .startsWith("1769 MB ran the single thread 6.8x faster than 256 MB for 1.01x the cost"),
                scaleUp.conclusion());
        assertTrue(
                scaleUp.conclusion().contains("3008 MB was no faster than 1769 MB at 1.70x its cost"),
                scaleUp.conclusion());
        assertTrue(
                scaleUp.conclusion().endsWith("(n = 1 cold, 3 warm per cell: indicative, too few to test.)"),
                scaleUp.conclusion());
        assertTrue(scaleUp.talk().orElseThrow().contains("49336.74"), "the talk's figure comes from the data file");
    }

    @Test
    void missingCellsAreNamedNotThrown(@TempDir Path temp) throws Exception {
        Path dir = runOf(
                temp,
                fn("context-reuse", "ClientInHandler", 1024, 230, 740, 4, 4, 4),
                fn("sdk-slimming", "Slim", 1024, 980, 300, 9),
                fn("parallel", "default", 3008, 165, 800, 780, 790, 785),
                fn("scale-up", "default", 1024, 200, 1700, 1690));
        List<Section> s = sections(dir);
        assertTrue(
                s.get(0)
                        .conclusion()
                        .contains("S3 client not compared (no cold start of both ClientInHandler and " + "ClientOnce)"),
                s.get(0).conclusion());
        assertConclusionStartsWith(s.get(1), "No Default variant measured");
        assertConclusionStartsWith(s.get(2), "One size measured (1024 MB)");
        assertConclusionStartsWith(s.get(3), "Scale-up was not run at these sizes");
    }

    @Test
    void aSingleSizeRunSaysNoRecommendationInsteadOfAnEmptyTable(@TempDir Path temp) throws Exception {
        Path dir = runOf(
                temp,
                fn("logging", "Log4j2", 1024, 700, 40, 4, 4, 4),
                fn("logging", "LambdaLogger", 1024, 200, 80, 4, 4, 4));
        Main.run(new String[] {dir.toString()});
        String md = Files.readString(dir.resolve("report/tables.md"));
        String recommendations =
                md.substring(md.indexOf("### Recommended memory"), md.indexOf("### What this run cost"));
        assertTrue(recommendations.contains("One size measured: no recommendation."), recommendations);
        assertFalse(recommendations.contains("| technique |"), "no empty table: " + recommendations);
        assertFalse(Files.readString(dir.resolve("report/report.html")).contains("<th>cheapest</th>"));
        assertFalse(Files.exists(dir.resolve("report/charts/recommendations-cost.svg")), "no choice, no chart");
    }

    @Test
    void headersCarryInitCpuModeAndWarnOfDriftInEveryTable(@TempDir Path temp) throws Exception {
        Path dir = SyntheticRun.write(
                temp.resolve("r"),
                List.of(fn("logging", "Log4j2", 1024, 700, 40, 4, 4, 4)),
                ",\"initCpuMode\":\"throttled\",\"calibration\":{\"method\":\"loop\",\"samples\":[{\"label\":\"start\","
                        + "\"at\":\"2026-11-24T10:00:00Z\",\"ms\":100},{\"label\":\"end\",\"at\":\"2026-11-24T10:09:00Z\","
                        + "\"ms\":112}],\"drift\":0.12}");
        Main.run(new String[] {dir.toString()});
        String md = Files.readString(dir.resolve("report/tables.md"));
        int tables = count(md, "\n### ");
        assertEquals(tables, count(md, "CPU limit cgroup-v1 (Init CPU throttled)"), md);
        assertEquals(
                tables + 1,
                count(md, "host speed drifted by 12% during the run (treat with care)"),
                "every table header and the warning at the top: " + md);
        assertTrue(md.contains("> **Warning:** The host speed drifted by 12%"), md);

        Path calm = SyntheticRun.write(
                temp.resolve("calm"),
                List.of(fn("logging", "Log4j2", 1024, 700, 40, 4, 4, 4)),
                ",\"calibration\":{\"samples\":[{\"label\":\"start\",\"ms\":100},{\"label\":\"end\",\"ms\":107}],\"drift\":0.07}");
        Main.run(new String[] {calm.toString()});
        String calmMd = Files.readString(calm.resolve("report/tables.md"));
        assertFalse(calmMd.contains("drifted"), "7% is below the warning");
        assertFalse(calmMd.contains("Init CPU"), "absent initCpuMode is left out");
    }

    @Test
    void tablesCarryTheirN(@TempDir Path temp) throws Exception {
        Path dir = SyntheticRun.write(temp.resolve("r"), wholeRun(62));
        Main.run(new String[] {dir.toString()});
        String md = Files.readString(dir.resolve("report/tables.md"));
        assertTrue(md.contains("| ClientOnce | 1024 | 830.00 | 62.00 | 1.50 | 892.00 | – | 1/3 |"), md);
        assertTrue(md.contains("| cost per 1M warm | n warm | CPU |"), "scale-up's last column has a header");
        assertTrue(md.contains("| 1769 | 980.00 |"), md);
    }

    @Test
    void everyChartAxisStepsByARoundNumberOrDoublesMemory(@TempDir Path temp) throws Exception {
        for (Section s : sections(SyntheticRun.write(temp.resolve("r"), wholeRun(62)))) {
            for (Section.Chart chart : s.charts()) {
                Map<String, List<Double>> axes = axes(chart.svg());
                assertFalse(axes.isEmpty(), "no tick labels in " + chart.file());
                axes.forEach((axis, ticks) -> {
                    boolean doubling = true;
                    boolean evenRoundSteps = ticks.get(0) == 0;
                    double step = ticks.size() > 1 ? ticks.get(1) - ticks.get(0) : 1;
                    for (int i = 1; i < ticks.size(); i++) {
                        doubling &= ticks.get(i) == 2 * ticks.get(i - 1);
                        evenRoundSteps &= Math.abs(ticks.get(i) - ticks.get(i - 1) - step) < 1e-9 * step;
                    }
                    assertTrue(
                            doubling || evenRoundSteps && oneTwoOrFive(step),
                            chart.file() + " axis " + axis + " has ticks " + ticks);
                });
            }
        }
    }

    /** Numeric labels grouped by axis: labels of one axis share their anchor and their y (x axis) or x (y axis). */
    private static Map<String, List<Double>> axes(String svg) {
        Map<String, List<Double>> axes = new TreeMap<>();
        Matcher m = Pattern.compile(
                        "<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" text-anchor=\"(middle|end)\">([0-9.]+)</text>")
                .matcher(svg);
        while (m.find()) {
            String axis = m.group(3).equals("end") ? "y@x=" + m.group(1) : "x@y=" + m.group(2);
            axes.computeIfAbsent(axis, k -> new ArrayList<>()).add(Double.parseDouble(m.group(4)));
        }
        axes.values().forEach(v -> v.sort(null));
        return axes;
    }

    private static boolean oneTwoOrFive(double step) {
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        return List.of(1.0, 2.0, 5.0).stream().anyMatch(r -> Math.abs(mantissa - r) < 1e-9);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
