package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tuning run's report: tables, the strategies' picks, cost, and report/power-tuning.json's shape. */
class TuneReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tune run of CheckoutFunction at 512, 1024 and 2048 MB; failAt = a size whose warm calls all failed (or 0). */
    static Path tuneRun(Path dir, int failAt, double[]... durations) throws Exception {
        int[] sizes = {512, 1024, 2048};
        SyntheticRun.write(
                dir,
                List.of(
                        new SyntheticRun.Fn("Checkout512", "tune", "CheckoutFunction", 512, 600, durations[0]),
                        new SyntheticRun.Fn("Checkout1024", "tune", "CheckoutFunction", 1024, 400, durations[1]),
                        new SyntheticRun.Fn("Checkout2048", "tune", "CheckoutFunction", 2048, 300, durations[2])));
        Files.writeString(
                dir.resolve("run.json"),
                "{\"runId\":\"" + dir.getFileName() + "\",\"kind\":\"tune\","
                        + "\"startedAt\":\"2026-11-25T10:00:00Z\",\"target\":\"local\",\"machine\":{\"cpuModel\":\"Test CPU\",\"cores\":2},"
                        + "\"cpuLimitMode\":\"cgroup-v1\",\"jdk\":\"java25: 25.0.3\",\"cold\":1,\"warm\":3,\"status\":\"complete\","
                        + "\"function\":{\"name\":\"CheckoutFunction\"},\"strategy\":\"cost\",\"balancedWeight\":0.5}");
        for (int size : sizes) {
            StringBuilder responses = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                boolean failed = size == failAt && i > 0;
                responses
                        .append("{\"phase\":\"")
                        .append(i == 0 ? "cold" : "warm")
                        .append("\",\"status\":200,\"functionError\":")
                        .append(failed ? "\"Unhandled\"" : "null")
                        .append(",\"payload\":")
                        .append(
                                failed
                                        ? "{\"errorType\":\"java.lang.IllegalStateException\",\"errorMessage\":\"boom\"}"
                                        : "{}")
                        .append("}\n");
            }
            Files.writeString(dir.resolve("responses/Checkout" + size + ".jsonl"), responses);
        }
        return dir;
    }

    private static double[] d(double... values) {
        return values;
    }

    /** A Power Tuning statistic of one memory size; total cost 0, which neither pick nor the visualization link reads. */
    private static PowerTuningOutput.Stat stat(int memoryMb, double averagePrice, double averageDurationMs) {
        return new PowerTuningOutput.Stat(memoryMb, averagePrice, averageDurationMs, 0);
    }

    @Test
    void strategiesPickAsPowerTuningDoes() {
        List<PowerTuningOutput.Stat> stats = List.of(stat(512, 4e-6, 300), stat(1024, 3e-6, 110), stat(2048, 5e-6, 60));
        assertEquals(1024, PowerTuningOutput.pick(stats, "cost", 0.5).value());
        assertEquals(2048, PowerTuningOutput.pick(stats, "speed", 0.5).value());
        // balanced 0.5: 512 → .4 + .5 = .9; 1024 → .3 + .183 = .483; 2048 → .5 + .1 = .6
        assertEquals(1024, PowerTuningOutput.pick(stats, "balanced", 0.5).value());
        assertEquals(2048, PowerTuningOutput.pick(stats, "balanced", 0.0).value(), "weight 0 = speed");
        assertEquals(1024, PowerTuningOutput.pick(stats, "balanced", 1.0).value(), "weight 1 = cost");
        // ties: same cost → the faster; same duration → the cheaper
        List<PowerTuningOutput.Stat> ties = List.of(stat(512, 2e-6, 100), stat(1024, 2e-6, 50), stat(2048, 3e-6, 50));
        assertEquals(1024, PowerTuningOutput.pick(ties, "cost", 0.5).value());
        assertEquals(1024, PowerTuningOutput.pick(ties, "speed", 0.5).value());
        assertThrows(IllegalArgumentException.class, () -> PowerTuningOutput.pick(stats, "cheap", 0.5));
        assertThrows(IllegalArgumentException.class, () -> PowerTuningOutput.pick(List.of(), "cost", 0.5));
    }

    @Test
    void visualizationLinkEncodesSizesDurationsAndCostsLikePowerTuning() {
        String url = PowerTuningOutput.visualization(List.of(stat(1024, 2.5e-6, 110.5), stat(512, 4e-6, 300.25)));
        assertTrue(url.startsWith("https://lambda-power-tuning.show/#"), url);
        String[] parts = url.substring(url.indexOf('#') + 1).split(";");
        assertEquals(3, parts.length);
        ByteBuffer sizes = ByteBuffer.wrap(Base64.getDecoder().decode(parts[0])).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer durations =
                ByteBuffer.wrap(Base64.getDecoder().decode(parts[1])).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer costs = ByteBuffer.wrap(Base64.getDecoder().decode(parts[2])).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(512, sizes.getShort(), "sorted by memory");
        assertEquals(1024, sizes.getShort());
        assertEquals(300.25f, durations.getFloat());
        assertEquals(110.5f, durations.getFloat());
        assertEquals(4e-6f, costs.getFloat());
        assertEquals(2.5e-6f, costs.getFloat());
    }

    @Test
    void tuneRunGetsItsTablesAndPowerTuningJson(@TempDir Path temp) throws Exception {
        Path dir = tuneRun(temp.resolve("tune-a"), 0, d(900, 300, 310, 305), d(600, 110, 100, 120), d(500, 60, 58, 62));
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(new String[] {dir.toString()}));
        } finally {
            System.setOut(stdout);
        }
        String md = Files.readString(dir.resolve("report/tables.md"));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("Tuning CheckoutFunction"), "tables printed");
        assertTrue(md.contains("### Tuning CheckoutFunction: cold start and warm calls per memory size"), md);
        assertTrue(md.contains("### Recommended memory for CheckoutFunction per strategy"), md);
        assertFalse(md.contains("Recommended memory per technique"), "not the kit's per-technique table");
        // 1024 MB: Init 400, first call 600, warm p50 110, p90 120
        assertTrue(md.contains("| 1024 | 400.00 | 600.00 |"), md);
        assertTrue(md.contains("| 110.00 | 120.00 |"), md);

        Prices prices = Prices.load(null);
        // warm cost at 1024 MB: billed 110, 100, 120 ms → the mean of their costs, request charge included
        double warm1024 = (prices.perInvocation(110, 1024, "x86_64")
                        + prices.perInvocation(100, 1024, "x86_64")
                        + prices.perInvocation(120, 1024, "x86_64"))
                / 3;
        // cold cost at 1024 MB: billed = ceil(600 + 400 INIT)
        double cold1024 = prices.perInvocation(1000, 1024, "x86_64");
        assertTrue(
                md.contains(TuneReport.usd(cold1024)), "cold cost per call includes INIT: " + TuneReport.usd(cold1024));
        assertTrue(md.contains(Format.usd(warm1024 * 1_000_000)), md);

        JsonNode pt = JSON.readTree(dir.resolve("report/power-tuning.json").toFile());
        for (String field : List.of("power", "cost", "duration", "stateMachine", "stats")) {
            assertTrue(pt.has(field), "power-tuning.json lacks " + field);
        }
        for (String field : List.of("executionCost", "lambdaCost", "visualization")) {
            assertTrue(pt.path("stateMachine").has(field), "stateMachine lacks " + field);
        }
        assertEquals(3, pt.path("stats").size());
        for (JsonNode s : pt.path("stats")) {
            assertTrue(s.has("value") && s.has("averagePrice") && s.has("averageDuration"), s::toString);
        }
        // strategy "cost" from run.json: the cheapest warm call
        double cheapest = Double.MAX_VALUE;
        int cheapestSize = 0;
        for (JsonNode s : pt.path("stats")) {
            if (s.path("averagePrice").asDouble() < cheapest) {
                cheapest = s.path("averagePrice").asDouble();
                cheapestSize = s.path("value").asInt();
            }
        }
        assertEquals(cheapestSize, pt.path("power").asInt());
        assertEquals(cheapest, pt.path("cost").asDouble(), 1e-15);
        JsonNode stat1024 = pt.path("stats").get(1);
        assertEquals(1024, stat1024.path("value").asInt());
        assertEquals(warm1024, stat1024.path("averagePrice").asDouble(), 1e-15);
        assertEquals(110.0, stat1024.path("averageDuration").asDouble(), "warm p50");
        // lambdaCost: every invocation, cold ones with INIT
        double all = 0;
        int[] sizes = {512, 1024, 2048};
        double[][] durations = {{900, 300, 310, 305}, {600, 110, 100, 120}, {500, 60, 58, 62}};
        double[] inits = {600, 400, 300};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                all += prices.perInvocation(Math.ceil(durations[i][j] + (j == 0 ? inits[i] : 0)), sizes[i], "x86_64");
            }
        }
        assertEquals(all, pt.path("stateMachine").path("lambdaCost").asDouble(), 1e-12);
        assertEquals(0.0, pt.path("stateMachine").path("executionCost").asDouble());
        assertTrue(Files.isRegularFile(dir.resolve("report/charts/tune-duration.svg")), "duration chart");
        assertTrue(Files.isRegularFile(dir.resolve("report/charts/tune-cost.svg")), "cost chart");
        assertTrue(Files.readString(dir.resolve("report/report.html")).contains("<svg"));
    }

    @Test
    void aFailedSizeIsMarkedAndLeftOutOfTheRecommendation(@TempDir Path temp) throws Exception {
        // 2048 MB would be the fastest, but its warm calls failed
        Path dir =
                tuneRun(temp.resolve("tune-f"), 2048, d(900, 300, 310, 305), d(600, 110, 100, 120), d(500, 20, 20, 20));
        assertEquals(0, Main.run(new String[] {dir.toString(), "--weight", "0"}));
        String md = Files.readString(dir.resolve("report/tables.md"));
        assertTrue(md.contains("| 3 | FAILED (Unhandled: java.lang.IllegalStateException) |"), md);
        assertTrue(md.contains("| speed | 1024 |"), "the fastest size without errors: " + md);
        assertTrue(md.contains("| balanced | 1024 |"), "--weight 0 overrides run.json's 0.5: " + md);
        JsonNode pt = JSON.readTree(dir.resolve("report/power-tuning.json").toFile());
        assertEquals(2, pt.path("stats").size(), "the failed size is not in stats");
        assertEquals(2048, pt.path("kit").path("sizesLeftOut").get(0).asInt());
    }

    @Test
    void twoTuningRunsCompare(@TempDir Path temp) throws Exception {
        Path a = tuneRun(
                temp.resolve("tune-before"), 0, d(900, 300, 310, 305), d(600, 110, 100, 120), d(500, 60, 58, 62));
        Path b = tuneRun(temp.resolve("tune-after"), 0, d(800, 200, 210, 205), d(500, 70, 72, 71), d(400, 40, 41, 42));
        String out = ComparePrinted.of(a, b);
        assertTrue(out.contains("tune/CheckoutFunction/1024/x86_64/warm"), out);
        assertTrue(out.contains("real"), out);
    }
}
