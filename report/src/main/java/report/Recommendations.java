package report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The memory size to pick per technique and variant, with AWS Lambda Power Tuning's three strategies: cheapest (lowest
 * average cost per warm invocation), fastest (lowest warm p50 duration), and balanced. Balanced minimises
 * weight × cost/maxCost + (1 − weight) × duration/maxDuration over the sizes measured: weight 0 is pure speed, 1 pure cost.
 */
public final class Recommendations {
    private Recommendations() {}

    /** The pick of one strategy and the figures behind it. */
    public record Pick(String strategy, Cell cell) {}

    public static List<Pick> picks(List<Cell> warmCellsOfOneVariant, double weight) {
        List<Cell> cells = warmCellsOfOneVariant.stream()
                .filter(c -> c.duration().count() > 0)
                .toList();
        if (cells.isEmpty()) {
            return List.of();
        }
        double maxCost =
                cells.stream().mapToDouble(Cell::costPerInvocation).max().orElse(1);
        double maxDuration =
                cells.stream().mapToDouble(c -> c.duration().p50()).max().orElse(1);
        Cell cheapest = cells.stream()
                .min(Comparator.comparingDouble(Cell::costPerInvocation))
                .get();
        Cell fastest = cells.stream()
                .min(Comparator.comparingDouble(c -> c.duration().p50()))
                .get();
        Cell balanced = cells.stream()
                .min(Comparator.comparingDouble(c -> weight * c.costPerInvocation() / maxCost
                        + (1 - weight) * c.duration().p50() / maxDuration))
                .get();
        return List.of(new Pick("cheapest", cheapest), new Pick("fastest", fastest), new Pick("balanced", balanced));
    }

    /** What the report says instead of a table when no technique and variant has two sizes to choose between. */
    static final String ONE_SIZE = "One size measured: no recommendation.";

    /** Warm cells per technique, variant and architecture (tab-separated key), in a stable order. */
    static Map<String, List<Cell>> groups(List<Cell> cells) {
        Map<String, List<Cell>> groups = new TreeMap<>();
        for (Cell c : cells) {
            if (c.phase().equals("warm") && c.duration().count() > 0) {
                groups.computeIfAbsent(
                                c.technique() + "\t" + c.variant() + "\t" + c.architecture(), k -> new ArrayList<>())
                        .add(c);
            }
        }
        return groups;
    }

    /** The table of picks; without columns (and so not drawn) when no group has two sizes: see {@link #ONE_SIZE}. */
    public static Table table(List<Cell> cells, double weight) {
        Map<String, List<Cell>> groups = groups(cells);
        boolean anyChoice = groups.values().stream().anyMatch(g -> g.size() > 1);
        if (!anyChoice) {
            return new Table(
                    "recommendations", "Recommended memory per technique (warm invocations)", ONE_SIZE, List.of());
        }
        Table t = new Table(
                "recommendations",
                "Recommended memory per technique (warm invocations)",
                "As AWS Lambda Power Tuning: cheapest = lowest cost per invocation, fastest = lowest p50, balanced = lowest "
                        + "weight×cost/max + (1−weight)×duration/max with weight " + weight + ".",
                List.of("technique", "variant", "cheapest", "fastest", "balanced", "sizes measured"));
        groups.forEach((key, group) -> {
            if (group.size() < 2) {
                return;
            }
            List<Pick> picks = picks(group, weight);
            String[] parts = key.split("\t");
            List<String> row = new ArrayList<>(List.of(parts[0], parts[1]));
            for (Pick p : picks) {
                row.add(p.cell().memoryMb() + " MB ("
                        + Format.ms(p.cell().duration().p50()) + " ms, "
                        + Format.usd(p.cell().costPerMillion()) + "/1M, n="
                        + p.cell().duration().count() + ")");
            }
            row.add(Integer.toString(group.size()));
            t.add(row);
        });
        return t;
    }
}
