package runner;

import java.util.ArrayList;
import java.util.List;
import report.ReportLine;
import report.Stats;

/**
 * One line per function after its rounds: the p50s of its cell so far, from its tail log (the report's parser and
 * statistics: nearest-rank p50, as in the tables).
 */
final class CellSummary {
    private CellSummary() {}

    static String of(String function, String tailLog) {
        List<Double> init = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        for (ReportLine r : Invocation.reports(tailLog)) {
            if (r.cold()) {
                Double ms = r.initDurationMs() != null ? r.initDurationMs() : r.restoreDurationMs();
                if (ms != null) {
                    init.add(ms);
                }
                first.add(r.durationMs());
            } else {
                warm.add(r.durationMs());
            }
        }
        return "  = " + function + ": cold Init p50 " + Format.p50(Stats.of(init).p50()) + " ms, first call p50 "
                + Format.p50(Stats.of(first).p50()) + " ms (n=" + first.size() + "); warm p50 "
                + Format.p50(Stats.of(warm).p50()) + " ms (n=" + warm.size() + ")";
    }
}
