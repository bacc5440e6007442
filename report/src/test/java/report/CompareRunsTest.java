package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    @Test
    void aSlowerHostIsNormalisedAwayByTheCalibrations(@TempDir Path temp) throws Exception {
        double[] before = {1000, 500, 505, 510, 495, 500, 502};
        double[] after = {1100, 550, 555, 561, 545, 550, 552}; // 10% slower everywhere: the host, not the code
        Path a = SyntheticRun.write(
                temp.resolve("a"),
                List.of(new SyntheticRun.Fn("F", "scale-up", "default", 1024, 300, before)),
                calibration(100, 101, 99));
        Path b = SyntheticRun.write(
                temp.resolve("b"),
                List.of(new SyntheticRun.Fn("F", "scale-up", "default", 1024, 300, after)),
                calibration(110, 111, 109));
        String out = ComparePrinted.of(a, b);
        assertTrue(out.contains("multiplied by 0.909"), out);
        assertTrue(out.contains("100.0 ms and 110.0 ms"), out);
        assertFalse(out.contains("| real"), "after normalisation the warm values interleave: " + out);

        // without calibrations the same values are a real slow-down of 10%
        Path c = SyntheticRun.write(
                temp.resolve("c"), List.of(new SyntheticRun.Fn("F", "scale-up", "default", 1024, 300, after)));
        String raw = ComparePrinted.of(a, c);
        assertFalse(raw.contains("multiplied"), raw);
        assertTrue(raw.contains("| real (p=0.005)"), raw); // ties (500 twice): normal approximation
    }

    @Test
    void normalisationNeedsBothCalibrationsAndADifference() {
        Optional<Calibration> hundred = Optional.of(new Calibration("loop", List.of(100.0), 0));
        Optional<Calibration> twoHundred = Optional.of(new Calibration("loop", List.of(200.0, 190.0, 210.0), 0));
        assertEquals(1, Compare.normalisation(hundred, Optional.empty()));
        assertEquals(1, Compare.normalisation(Optional.empty(), twoHundred));
        assertEquals(1, Compare.normalisation(hundred, hundred));
        assertEquals(0.5, Compare.normalisation(hundred, twoHundred), 1e-12, "median 200 ms against 100 ms");
        Optional<Calibration> driftOnly = Optional.of(new Calibration("loop", List.of(), 0.2));
        assertEquals(1, Compare.normalisation(hundred, driftOnly), "a drift without samples has no speed to scale by");
    }
}
