package report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareRunsTest {

    private static String calibration(double... ms) {
        StringBuilder s = new StringBuilder(",\"calibration\":{\"method\":\"fixed loop\",\"samples\":[");
        for (int i = 0; i < ms.length; i++) {
            s.append(i == 0 ? "" : ",")
                    .append("{\"label\":\"s")
                    .append(i)
                    .append("\",\"at\":\"2026-11-24T10:00:0")
                    .append(i)
                    .append("Z\",\"ms\":")
                    .append(ms[i])
                    .append("}");
        }
        return s.append("]}").toString();
    }

    @Test
    void twoRunsOfTheSameCodeAtTheDefaultNReportNoRealChange(@TempDir Path temp) throws Exception {
        // the case: one cold call a side (min = max) and a 20% wobble; the old rule called it "real"
        Path a = SyntheticRun.write(
                temp.resolve("a"),
                List.of(new SyntheticRun.Fn(
                        "ScaleUp1024Function", "scale-up", "default", 1024, 300, new double[] {1000, 900, 910, 905})));
        Path b = SyntheticRun.write(
                temp.resolve("b"),
                List.of(new SyntheticRun.Fn(
                        "ScaleUp1024Function", "scale-up", "default", 1024, 360, new double[] {1200, 990, 1000, 995})));
        String out = ComparePrinted.of(a, b);
        assertFalse(out.contains("| real"), out);
        assertTrue(out.contains("n too small (1/1: needs ≥ 4/4)"), out);
        assertTrue(out.contains("n too small (3/3: needs ≥ 4/4)"), out);
    }

    /** 1 cold and 8 warm durations around {@code cpu} ms of CPU work and {@code waitMs} of sleep, CPU × speed. */
    private static double[] durations(double waitMs, double cpu, double speed) {
        double[] wobble = {3.0, 0.2, -0.1, 0.3, -0.2, 0.1, 0.0, -0.3, 0.25};
        double[] out = new double[wobble.length];
        for (int i = 0; i < out.length; i++) {
            // the cold call does more CPU work (class loading); the wobble is a percent of the CPU part
            double work = (i == 0 ? 10 : 1) * cpu * (1 + wobble[i] / 100);
            out[i] = waitMs + work * speed;
        }
        return out;
    }

    /** A scale-up cell (all CPU) and a context-reuse SleepInHandler cell (the kit's registry: waitMs 2000). */
    private static Path run(Path dir, double cpuSpeed, double sleepMs, String calibration) throws Exception {
        return SyntheticRun.write(
                dir,
                List.of(
                        new SyntheticRun.Fn(
                                "ScaleUp1024Function", "scale-up", "default", 1024, 300, durations(0, 500, cpuSpeed)),
                        new SyntheticRun.Fn(
                                "ContextReuseSleepInHandler1024Function",
                                "context-reuse",
                                "SleepInHandler",
                                1024,
                                400,
                                durations(sleepMs, 8, cpuSpeed))),
                calibration);
    }

    private static final String QUICK_HOST = calibration(100, 101, 99);
    private static final String SLOW_HOST = calibration(150, 151, 149); // 1.5x slower at the loop

    private static String verdict(String out, String key) {
        return out.lines()
                .filter(l -> l.startsWith("| " + key + " |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + ": " + out));
    }

    @Test
    void theSameCodeOnASlowerHostIsNotCalledReal(@TempDir Path temp) throws Exception {
        // the slower host stretches the CPU work by 1.5 and leaves the sleep alone, as a real host does
        Path a = run(temp.resolve("a"), 1.0, 2000, QUICK_HOST);
        Path b = run(temp.resolve("b"), 1.5, 2000, SLOW_HOST);
        String out = ComparePrinted.of(a, b);
        assertFalse(out.contains("| real"), out);
        assertTrue(verdict(out, "scale-up/default/1024/x86_64/warm").contains("| host gap (p=0.000) |"), out);
        assertFalse(out.contains("multiplied"), "durations are not scaled: " + out);
        assertTrue(verdict(out, "scale-up/default/1024/x86_64/warm").contains("| 500.00 | 750.00 |"), out);
    }

    @Test
    void aCpuCellTwiceAsSlowAsTheHostAllowsIsReal(@TempDir Path temp) throws Exception {
        Path a = run(temp.resolve("a"), 1.0, 2000, QUICK_HOST);
        Path b = run(temp.resolve("b"), 1.5 * 2, 2000, SLOW_HOST); // the host's 1.5, then the code's own 2x
        String out = ComparePrinted.of(a, b);
        assertTrue(verdict(out, "scale-up/default/1024/x86_64/warm").contains("| real (p=0.000) |"), out);
        assertTrue(verdict(out, "scale-up/default/1024/x86_64/warm").contains("| 1.000-1.525 |"), out);
    }

    @Test
    void aLongerSleepIsRealEvenWithinTheHostsGap(@TempDir Path temp) throws Exception {
        // 2000 → 2200 ms: 10%, well inside the 1.5x a CPU cell may move, but the sleep is no CPU work
        Path a = run(temp.resolve("a"), 1.0, 2000, QUICK_HOST);
        Path b = run(temp.resolve("b"), 1.5, 2200, SLOW_HOST);
        String out = ComparePrinted.of(a, b);
        String sleep = verdict(out, "context-reuse/SleepInHandler/1024/x86_64/warm");
        assertTrue(sleep.contains("| real (p="), out);
        assertFalse(out.contains("scale-up/default/1024/x86_64/warm | real"), out);
    }

    @Test
    void theNoteGivesBothHostsSpeedsAndDrifts(@TempDir Path temp) throws Exception {
        Path a = run(temp.resolve("a"), 1.0, 2000, QUICK_HOST);
        Path b = run(temp.resolve("b"), 1.5, 2000, SLOW_HOST);
        String out = ComparePrinted.of(a, b);
        assertTrue(out.contains("a 100.0 ms (99.0-101.0 ms over 3 samples, drift 2%)"), out);
        assertTrue(out.contains("b 150.0 ms (149.0-151.0 ms over 3 samples, drift 1%)"), out);
        assertTrue(out.contains("b's host was 50% slower"), out);
        assertTrue(out.contains("1.48 to 1.53 times as long in b"), out);
    }

    @Test
    void withoutCalibrationsTheHostsAreTakenAsEqual(@TempDir Path temp) throws Exception {
        double[] before = {1000, 500, 505, 510, 495, 500, 502};
        double[] after = {1100, 550, 555, 561, 545, 550, 552};
        Path a = SyntheticRun.write(
                temp.resolve("a"), List.of(new SyntheticRun.Fn("F", "scale-up", "default", 1024, 300, before)));
        Path b = SyntheticRun.write(
                temp.resolve("b"),
                List.of(new SyntheticRun.Fn("F", "scale-up", "default", 1024, 300, after)),
                QUICK_HOST);
        String out = ComparePrinted.of(a, b);
        assertTrue(out.contains("a has no host-speed calibration"), out);
        assertTrue(out.contains("| real (p=0.005)"), out); // ties (500 twice): normal approximation
    }
}
