package report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks a reader can add up in their head: linear axes step by 1, 2 or 5 × 10^k from zero; memory axes (log 2) tick
 * at powers of two. A step of 2776 ms says nothing; 2000 does.
 */
final class NiceScale {
    private NiceScale() {}

    /** The smallest 1/2/5 × 10^k step that covers [0, max] in at most {@code maxTicks} intervals. */
    static double step(double max, int maxTicks) {
        if (!(max > 0) || Double.isInfinite(max)) {
            return 1;
        }
        double raw = max / maxTicks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw * (1 - 1e-12)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** 0, step, 2 × step, … up to the first tick at or above max. */
    static List<Double> linearTicks(double max, int maxTicks) {
        double step = step(max, maxTicks);
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; ticks.isEmpty() || ticks.get(ticks.size() - 1) < max * (1 - 1e-12); i++) {
            ticks.add(round(i * step));
        }
        return ticks;
    }

    /** Powers of two from the one at or below min to the one at or above max (memory sizes in MB). */
    static List<Integer> powersOfTwo(int min, int max) {
        int low = Integer.highestOneBit(Math.max(1, min));
        List<Integer> ticks = new ArrayList<>();
        for (long t = low; ; t *= 2) {
            ticks.add((int) t);
            if (t >= max) {
                return ticks;
            }
        }
    }

    /** Removes binary noise such as 0.30000000000000004 so labels print as written. */
    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    /** A tick label without needless decimals: 2000, 0.5, 0.05. */
    static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
