package report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the cells two runs share. A change counts as real when the two cells' [min, max] ranges do not overlap: with
 * the handful of invocations per cell a run has, that is a conservative test (it needs every measurement of one run
 * beyond every measurement of the other), and it needs no distribution assumption.
 */
public final class Compare {
    private Compare() {
    }

    /** A cell's p50 in both runs and the verdict. */
    public record Change(String key, Stats before, Stats after, boolean beyondSpread) {
        double percent() {
            return (after.p50() - before.p50()) / before.p50() * 100;
        }
    }

    public static List<Change> changes(List<Cell> a, List<Cell> b) {
        Map<String, Cell> before = new TreeMap<>();
        a.forEach(c -> before.put(c.key(), c));
        List<Change> out = new ArrayList<>();
        for (Cell after : b) {
            Cell was = before.get(after.key());
            if (was == null || was.duration().count() == 0 || after.duration().count() == 0) {
                continue;
            }
            boolean apart = after.duration().min() > was.duration().max() || after.duration().max() < was.duration().min();
            out.add(new Change(after.key(), was.duration(), after.duration(), apart));
        }
        out.sort(java.util.Comparator.comparing(Change::key));
        return out;
    }

    public static Table table(String nameA, String nameB, List<Change> changes) {
        Table t = new Table("compare", "Compare " + nameA + " → " + nameB,
                "Duration p50 per cell; 'real' = the two runs' [min, max] ranges do not overlap, 'noise' = they do.",
                List.of("cell (technique/variant/MB/arch/phase)", "before p50 (ms)", "after p50 (ms)", "change (ms)",
                        "change (%)", "n before/after", "verdict"));
        for (Change c : changes) {
            t.add(List.of(c.key(), Format.ms(c.before().p50()), Format.ms(c.after().p50()),
                    Format.ms(c.after().p50() - c.before().p50()), String.format(java.util.Locale.ROOT, "%+.1f", c.percent()),
                    c.before().count() + "/" + c.after().count(), c.beyondSpread() ? "real" : "noise"));
        }
        return t;
    }
}
