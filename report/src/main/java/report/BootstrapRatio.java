package report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A 95% bootstrap interval of p50(after) / p50(before): both samples resampled with replacement, the ratio of their
 * nearest-rank medians taken each time, the 2.5th and 97.5th percentiles of those ratios kept. The seed is fixed so that
 * the same two runs always print the same interval.
 */
final class BootstrapRatio {
    static final long SEED = 20201;
    private static final int RESAMPLES = 2000;

    private BootstrapRatio() {}

    record Interval(double low, double high) {
        boolean excludesOne() {
            return low > 1 || high < 1;
        }
    }

    static Interval of(List<Double> before, List<Double> after) {
        Random random = new Random(SEED);
        double[] ratios = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            ratios[r] = median(resample(after, random)) / median(resample(before, random));
        }
        Arrays.sort(ratios);
        return new Interval(
                ratios[(int) Math.floor(0.025 * (RESAMPLES - 1))], ratios[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
    }

    private static List<Double> resample(List<Double> values, Random random) {
        List<Double> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(values.get(random.nextInt(values.size())));
        }
        out.sort(null);
        return out;
    }

    private static double median(List<Double> sorted) {
        return Stats.percentile(sorted, 50);
    }
}
