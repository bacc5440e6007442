package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NiceScaleTest {

    /** 1, 2 or 5 times a power of ten. */
    private static boolean round(double step) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(step)));
        double mantissa = step / magnitude;
        return Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9;
    }

    @Test
    void theOldChartsMaximumGetsRoundTicksNot2776() {
        // the old axis divided 6746 ms × 1.1 into quarters: 1855, 3710, 5565 ... ; now 0, 2000, 4000, 6000, 8000
        assertEquals(List.of(0.0, 2000.0, 4000.0, 6000.0, 8000.0), NiceScale.linearTicks(6746.26, 5));
    }

    @Test
    void everyStepIsOneTwoOrFiveTimesAPowerOfTenAndTheTicksCoverTheMaximum() {
        for (double max : new double[] {0.003, 0.27, 1, 7.5, 13, 99, 101, 2776, 5553, 8329, 51.2963, 1e6 + 1}) {
            List<Double> ticks = NiceScale.linearTicks(max, 5);
            double step = ticks.get(1) - ticks.get(0);
            assertTrue(round(step), max + " -> step " + step);
            assertEquals(0.0, ticks.get(0));
            assertTrue(ticks.get(ticks.size() - 1) >= max, max + " -> " + ticks);
            assertTrue(ticks.size() - 1 <= 5, max + " -> " + ticks);
            for (double t : ticks) {
                assertEquals(t, Double.parseDouble(NiceScale.label(t)), "label of " + t + " is " + NiceScale.label(t));
                assertTrue(NiceScale.label(t).length() <= 8, "label of " + t + " is " + NiceScale.label(t));
            }
        }
    }

    @Test
    void memoryTicksArePowersOfTwoAroundTheSizes() {
        assertEquals(List.of(128, 256, 512, 1024, 2048, 4096), NiceScale.powersOfTwo(256 - 100, 3008));
        assertEquals(List.of(256, 512, 1024, 2048, 4096), NiceScale.powersOfTwo(256, 3008));
        assertEquals(List.of(1024, 2048), NiceScale.powersOfTwo(1024, 1769));
    }

    @Test
    void labelsDropNeedlessDecimals() {
        assertEquals("2000", NiceScale.label(2000));
        assertEquals("0.05", NiceScale.label(0.05));
        assertEquals(
                List.of("0", "0.1", "0.2", "0.3"),
                NiceScale.linearTicks(0.27, 5).stream().map(NiceScale::label).toList(),
                "0.1 × 3 prints as 0.3");
    }
}
