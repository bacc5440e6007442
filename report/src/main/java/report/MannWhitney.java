package report;

import java.util.ArrayList;
import java.util.List;

/**
 * Mann-Whitney U test, two-sided: do two small samples come from the same distribution? It uses ranks only, so one slow
 * outlier cannot make a change "real", and it needs no normal distribution. Without ties and up to 50 values in all the
 * p-value is exact (the U distribution counted over all arrangements); otherwise the normal approximation with tie and
 * continuity correction.
 */
final class MannWhitney {
    private static final int EXACT_UP_TO = 50;

    private MannWhitney() {}

    /** U of the first sample (the number of pairs in which its value is the larger, ties counting half) and p. */
    record Result(double u, double p, boolean exact) {}

    static Result test(List<Double> a, List<Double> b) {
        int n1 = a.size();
        int n2 = b.size();
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("Mann-Whitney needs values on both sides");
        }
        List<double[]> all = new ArrayList<>();
        a.forEach(v -> all.add(new double[] {v, 0}));
        b.forEach(v -> all.add(new double[] {v, 1}));
        all.sort((x, y) -> Double.compare(x[0], y[0]));
        int n = n1 + n2;
        double rankSumA = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all.get(j + 1)[0] == all.get(i)[0]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            int t = j - i + 1;
            tieTerm += (double) t * t * t - t;
            for (int k = i; k <= j; k++) {
                if (all.get(k)[1] == 0) {
                    rankSumA += midRank;
                }
            }
            i = j + 1;
        }
        double u1 = rankSumA - n1 * (n1 + 1) / 2.0;
        double uSmall = Math.min(u1, (double) n1 * n2 - u1);
        if (tieTerm == 0 && n <= EXACT_UP_TO) {
            return new Result(u1, Math.min(1, 2 * exactCdf(n1, n2, (int) Math.round(uSmall))), true);
        }
        double mean = n1 * n2 / 2.0;
        double variance = n1 * n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (variance <= 0) {
            return new Result(u1, 1, false); // every value equal: no evidence of any difference
        }
        double z = Math.max(0, Math.abs(u1 - mean) - 0.5) / Math.sqrt(variance);
        return new Result(u1, Math.min(1, 2 * (1 - normalCdf(z))), false);
    }

    /** P(U ≤ u) under the null hypothesis: arrangements of n1 + n2 values with U ≤ u over all C(n1 + n2, n1). */
    static double exactCdf(int n1, int n2, int u) {
        int max = n1 * n2;
        // count[i][j][k]: arrangements of i values of A and j of B with U = k, built by adding the largest value
        double[][][] count = new double[n1 + 1][n2 + 1][max + 1];
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                if (i == 0 || j == 0) {
                    count[i][j][0] = 1;
                    continue;
                }
                for (int k = 0; k <= i * j; k++) {
                    // largest value from A: it beats all j values of B; from B: it adds nothing to A's U
                    count[i][j][k] = (k >= j ? count[i - 1][j][k - j] : 0) + count[i][j - 1][k];
                }
            }
        }
        double below = 0;
        double total = 0;
        for (int k = 0; k <= max; k++) {
            total += count[n1][n2][k];
            if (k <= u) {
                below += count[n1][n2][k];
            }
        }
        return below / total;
    }

    /** The smallest two-sided p any data can give with these sample sizes: 2 / C(n1 + n2, n1). */
    static double smallestP(int n1, int n2) {
        double arrangements = 1;
        for (int k = 1; k <= Math.min(n1, n2); k++) {
            arrangements = arrangements * (n1 + n2 - Math.min(n1, n2) + k) / k;
        }
        return Math.min(1, 2 / arrangements);
    }

    /** The smallest n on both sides with which the test can reach significance at alpha (4 at 0.05). */
    static int smallestEqualN(double alpha) {
        int n = 1;
        while (smallestP(n, n) > alpha) {
            n++;
        }
        return n;
    }

    /** Standard normal CDF through erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t
                * Math.exp(
                        -x * x
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
