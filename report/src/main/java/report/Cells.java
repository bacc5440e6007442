package report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Groups a run's REPORT records into cells and summarises each. */
public final class Cells {
    private Cells() {}

    public static List<Cell> of(RunData run, Prices prices) {
        List<Cell> cells = new ArrayList<>();
        for (RunData.Function f : run.functions) {
            List<ReportLine> all = run.lines.getOrDefault(f.name(), List.of());
            for (String phase : List.of("cold", "warm")) {
                List<ReportLine> lines = all.stream()
                        .filter(l -> l.cold() == phase.equals("cold"))
                        .toList();
                if (lines.isEmpty()) {
                    continue;
                }
                List<ReportLine> ok = lines.stream().filter(l -> !l.failed()).toList();
                int memory = f.memoryMb() > 0 ? f.memoryMb() : lines.get(0).memorySizeMb();
                Stats billed = stats(ok, ReportLine::billedMs);
                double cost = ok.isEmpty()
                        ? Double.NaN
                        : ok.stream()
                                .mapToDouble(l -> prices.perInvocation(l.billedMs(), memory, f.architecture()))
                                .average()
                                .orElse(0);
                cells.add(new Cell(
                        f.technique(),
                        f.variant(),
                        memory,
                        f.architecture(),
                        phase,
                        f.name(),
                        f.codeSize(),
                        lines.size() - ok.size(),
                        stats(ok, ReportLine::durationMs),
                        stats(
                                ok.stream()
                                        .filter(l -> l.initDurationMs() != null || l.restoreDurationMs() != null)
                                        .toList(),
                                l -> l.initDurationMs() != null ? l.initDurationMs() : l.restoreDurationMs()),
                        billed,
                        stats(ok, l -> l.maxMemoryUsedMb()),
                        cost));
            }
        }
        return cells;
    }

    private static Stats stats(List<ReportLine> lines, ToDoubleFunction<ReportLine> metric) {
        return Stats.of(lines.stream().map(l -> metric.applyAsDouble(l)).toList());
    }
}
