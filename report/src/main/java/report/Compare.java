package report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Compares the cells two runs share, and the Init of their cold starts. A change is "real" when a two-sided Mann-Whitney
 * U test on the two cells' durations
 * gives a p that passes the Benjamini-Hochberg threshold at 0.05 over all cells tested, and the change is larger than
 * the gap between the two hosts' speeds can explain (HostGap); with too few values for the test ever to get there (3
 * against 3 cannot: the most extreme arrangement has p = 0.1) the verdict is "n too small", not "noise", because
 * nothing was tested. A 95% bootstrap interval of the p50 ratio shows how large the change may be. Durations are never
 * scaled by the calibrations: the host's speed moves CPU work only, and scaling a 2 s sleep by it turns a slower host
 * into a slower sleep.
 */
public final class Compare {
    static final double ALPHA = 0.05;

    private Compare() {}

    /** A cell's durations in both runs, the test, and the ratios the gap between the hosts can explain. */
    public record Change(
            String key,
            Stats before,
            Stats after,
            Optional<MannWhitney.Result> test,
            BootstrapRatio.Interval interval,
            HostGap.Band hostAllows,
            boolean significant) {
        double percent() {
            return (after.p50() - before.p50()) / before.p50() * 100;
        }

        double ratio() {
            return after.p50() / before.p50();
        }

        /** Whether the test could reach significance at all with these two sample sizes. */
        boolean enoughValues() {
            return test.isPresent();
        }

        /** Significant, and further than the host's speed could have moved the cell with the same code. */
        boolean real() {
            return significant && !hostAllows.contains(ratio());
        }

        String verdict() {
            if (test.isEmpty()) {
                return String.format(
                        Locale.ROOT,
                        "n too small (%d/%d: needs ≥ %d/%d)",
                        before.count(),
                        after.count(),
                        MannWhitney.smallestEqualN(ALPHA),
                        MannWhitney.smallestEqualN(ALPHA));
            }
            String word = real() ? "real" : significant ? "host gap" : "noise";
            return String.format(Locale.ROOT, "%s (p=%.3f)", word, test.get().p());
        }
    }

    /** Two runs on hosts of equal speed, and no cell known to wait. */
    public static List<Change> changes(List<Cell> a, List<Cell> b) {
        return changes(a, b, new HostGap(Optional.empty(), Optional.empty()), c -> 0);
    }

    /**
     * The changes of the cells both runs share; {@code waitMs} is how much of a cell's Duration the registry declares as
     * waiting (a sleep), which the host's speed does not move.
     */
    static List<Change> changes(List<Cell> a, List<Cell> b, HostGap gap, ToDoubleFunction<Cell> waitMs) {
        Map<String, Cell> before = new TreeMap<>();
        a.forEach(c -> before.put(c.key(), c));
        List<Change> out = new ArrayList<>();
        for (Cell cell : b) {
            Cell was = before.get(cell.key());
            if (was == null) {
                continue;
            }
            change(
                            cell.key(),
                            was.duration(),
                            cell.duration(),
                            gap.of(waitMs.applyAsDouble(was) / was.duration().p50()))
                    .ifPresent(out::add);
            // a cold start's Init is its own row: moving work into or out of init shows there, not in the Duration;
            // the registry's waits are the handler's, so Init is taken as all CPU work (the widest band)
            if (cell.phase().equals("cold")) {
                change(initKey(cell), was.init(), cell.init(), gap.of(0)).ifPresent(out::add);
            }
        }
        // many cells tested at once: at 0.05 each, one in twenty unchanged cells would read "real" by chance
        List<Change> tested = out.stream().filter(Change::enoughValues).toList();
        boolean[] significant = benjaminiHochberg(
                tested.stream().mapToDouble(c -> c.test().orElseThrow().p()).toArray(), ALPHA);
        List<Change> decided = new ArrayList<>();
        for (Change c : out) {
            int i = tested.indexOf(c);
            decided.add(
                    i < 0
                            ? c
                            : new Change(
                                    c.key(),
                                    c.before(),
                                    c.after(),
                                    c.test(),
                                    c.interval(),
                                    c.hostAllows(),
                                    significant[i]));
        }
        decided.sort(Comparator.comparing(Change::key));
        return decided;
    }

    /** The row of a cell's cold starts' Init: technique/variant/MB/arch/init. */
    static String initKey(Cell cold) {
        return cold.technique() + "/" + cold.variant() + "/" + cold.memoryMb() + "/" + cold.architecture() + "/init";
    }

    private static Optional<Change> change(String key, Stats old, Stats after, HostGap.Band allows) {
        if (old.count() == 0 || after.count() == 0) {
            return Optional.empty();
        }
        Optional<MannWhitney.Result> test = MannWhitney.smallestP(old.count(), after.count()) <= ALPHA
                ? Optional.of(MannWhitney.test(old.values(), after.values()))
                : Optional.empty();
        return Optional.of(
                new Change(key, old, after, test, BootstrapRatio.of(old.values(), after.values()), allows, false));
    }

    /**
     * Benjamini-Hochberg: with m p-values sorted ascending, every one up to the largest rank k with p(k) <= k/m × alpha
     * is a discovery. When nothing changed at all, the chance of any discovery stays at alpha, however many cells.
     */
    static boolean[] benjaminiHochberg(double[] p, double alpha) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        int last = -1;
        for (int rank = 1; rank <= m; rank++) {
            if (p[order[rank - 1]] <= rank * alpha / m) {
                last = rank;
            }
        }
        boolean[] discovery = new boolean[m];
        for (int rank = 1; rank <= last; rank++) {
            discovery[order[rank - 1]] = true;
        }
        return discovery;
    }

    public static Table table(String nameA, String nameB, List<Change> changes, String hostNote) {
        Table t = new Table(
                "compare",
                "Compare " + nameA + " → " + nameB,
                "Duration per cell (init: the cold starts' Init Duration); verdict: two-sided Mann-Whitney U test per cell, 'real' when its p passes the "
                        + "Benjamini-Hochberg threshold at 0.05 over all cells tested (so that two runs of the same code "
                        + "call no cell real in 95% of comparisons); 'n too small' when the two cells have too few "
                        + "invocations for the test ever to reach p < 0.05 (3 against 3 cannot). "
                        + "p50 ratio: after/before with a 95% bootstrap interval (2000 resamples, seed "
                        + BootstrapRatio.SEED + ")." + hostNote,
                List.of(
                        "cell (technique/variant/MB/arch/phase or init)",
                        "before p50 (ms)",
                        "after p50 (ms)",
                        "change (ms)",
                        "change (%)",
                        "p50 ratio [95% interval]",
                        "host allows",
                        "n before/after",
                        "verdict"));
        for (Change c : changes) {
            t.add(List.of(
                    c.key(),
                    Format.ms(c.before().p50()),
                    Format.ms(c.after().p50()),
                    Format.ms(c.after().p50() - c.before().p50()),
                    String.format(Locale.ROOT, "%+.1f", c.percent()),
                    String.format(
                            Locale.ROOT,
                            "%.2f [%.2f, %.2f]",
                            c.ratio(),
                            c.interval().low(),
                            c.interval().high()),
                    String.format(
                            Locale.ROOT,
                            "%.3f-%.3f",
                            c.hostAllows().low(),
                            c.hostAllows().high()),
                    c.before().count() + "/" + c.after().count(),
                    c.verdict()));
        }
        return t;
    }
}
