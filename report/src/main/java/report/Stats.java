package report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Summary of one cell's values. Percentiles use the nearest-rank method (the smallest value with at least p% of the values
 * at or below it), which never invents a value that was not measured; the trimmed mean drops floor(10% of n) values at
 * each end. The sorted values stay with the summary (not in cells.json) because --compare tests on them, not on p50s.
 */
public record Stats(
        int count,
        double p10,
        double p50,
        double p90,
        double min,
        double max,
        double trimmedMean,
        double mean,
        @JsonIgnore List<Double> values) {
    static final double TRIM = 0.10;

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(
                    0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        int drop = (int) Math.floor(n * TRIM);
        double sum = 0;
        for (int i = drop; i < n - drop; i++) {
            sum += sorted.get(i);
        }
        double total = sorted.stream().mapToDouble(Double::doubleValue).sum();
        return new Stats(
                n,
                percentile(sorted, 10),
                percentile(sorted, 50),
                percentile(sorted, 90),
                sorted.get(0),
                sorted.get(n - 1),
                sum / (n - 2 * drop),
                total / n,
                List.copyOf(sorted));
    }

    /** The middle value, or the mean of the two middle ones for an even count; NaN when there are none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
