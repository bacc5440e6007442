package report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report in the talk's order: its four experiments (context reuse, SDK slimming, scale-up, parallel), then the Java
 * ones, then any technique the kit does not know (a user's own function, alphabetically), then the x86/arm comparison,
 * the recommendations and the cost. Each section: table, conclusion, the talk's figures where it had them, charts.
 */
final class Story {
    static final List<String> TALK_ORDER =
            List.of("context-reuse", "sdk-slimming", "scale-up", "parallel", "jvm-options", "logging", "snapstart");

    private Story() {}

    /** The techniques of a run in the order the report tells them. */
    static List<String> order(Collection<String> techniques) {
        List<String> ordered =
                new ArrayList<>(TALK_ORDER.stream().filter(techniques::contains).toList());
        ordered.addAll(new TreeSet<>(
                techniques.stream().filter(t -> !TALK_ORDER.contains(t)).toList()));
        return ordered;
    }

    static List<Section> of(RunData run, List<Cell> cells, Prices prices, double weight) {
        TalkFigures talk = TalkFigures.load();
        Set<String> techniques = new LinkedHashSet<>();
        cells.forEach(c -> techniques.add(c.technique()));
        List<Section> sections = new ArrayList<>();
        for (String technique : order(techniques)) {
            List<Cell> own =
                    cells.stream().filter(c -> c.technique().equals(technique)).toList();
            sections.add(new Section(
                    Tables.forTechnique(technique, run, own, cells),
                    conclusion(technique, own, cells),
                    talk.forTechnique(technique),
                    charts(technique, own, cells)));
        }
        Tables.architectures(cells)
                .ifPresent(t ->
                        sections.add(new Section(t, Conclusions.architectures(cells), Optional.empty(), List.of())));
        sections.add(new Section(
                Recommendations.table(cells, weight),
                Conclusions.recommendations(cells, weight),
                Optional.empty(),
                recommendationChart(cells)));
        sections.add(new Section(
                Tables.cost(run, cells, prices), Conclusions.cost(cells, prices), Optional.empty(), costChart(cells)));
        return sections;
    }

    private static String conclusion(String technique, List<Cell> own, List<Cell> all) {
        try {
            return Conclusions.of(technique, own, all);
        } catch (RuntimeException e) {
            // a sentence is a summary: a gap the rules above did not foresee must not cost the attendee the whole
            // report
            return "No conclusion computed (" + e.getClass().getSimpleName() + "): read the table.";
        }
    }

    /**
     * Cold start (Init + first call) per variant when there are cold starts; duration and cost against memory when the
     * technique spans sizes, else warm p50 with its p10-p90 spread per variant.
     */
    static List<Section.Chart> charts(String technique, List<Cell> own, List<Cell> all) {
        List<Section.Chart> charts = new ArrayList<>();
        List<Cell> cold = own.stream().filter(c -> c.phase().equals("cold")).toList();
        List<Cell> warm = own.stream().filter(c -> c.phase().equals("warm")).toList();
        add(
                charts,
                technique + "-cold.svg",
                BarChart.coldStart(technique + ": cold start = Init + first call (p50)", cold));
        if (warm.stream().map(Cell::memoryMb).distinct().count() > 1) {
            add(
                    charts,
                    technique + "-duration.svg",
                    MemoryChart.of(
                            technique + ": warm Duration p50 vs memory",
                            "Duration p50 (ms)",
                            technique.equals("parallel") ? withSingleThread(warm, all) : warm,
                            c -> c.duration().p50()));
            add(
                    charts,
                    technique + "-cost.svg",
                    MemoryChart.of(
                            technique + ": cost per 1M warm invocations vs memory",
                            "USD per 1M",
                            warm,
                            Cell::costPerMillion));
        } else {
            add(charts, technique + "-warm.svg", BarChart.warm(technique + ": warm Duration p50, p10 to p90", warm));
        }
        return charts;
    }

    /** Cost per 1M warm invocations against memory, one line per technique and variant that has a size to choose. */
    private static List<Section.Chart> recommendationChart(List<Cell> cells) {
        List<Cell> choices = new ArrayList<>();
        Recommendations.groups(cells).values().stream()
                .filter(g -> g.size() > 1)
                .forEach(g -> g.forEach(c -> choices.add(
                        c.withVariant(c.technique() + ("default".equals(c.variant()) ? "" : " " + c.variant())))));
        List<Section.Chart> charts = new ArrayList<>();
        add(
                charts,
                "recommendations-cost.svg",
                MemoryChart.of(
                        "cost per 1M warm invocations vs memory, per technique",
                        "USD per 1M",
                        choices,
                        Cell::costPerMillion));
        return charts;
    }

    /** What each technique's invocations of this run cost, as the cost table sums them. */
    private static List<Section.Chart> costChart(List<Cell> cells) {
        Map<String, Double> byTechnique = new LinkedHashMap<>();
        for (String technique :
                order(cells.stream().map(Cell::technique).distinct().toList())) {
            byTechnique.put(
                    technique,
                    cells.stream()
                            .filter(c -> c.technique().equals(technique)
                                    && c.billed().count() > 0)
                            .mapToDouble(c -> c.costPerInvocation() * c.billed().count())
                            .sum());
        }
        List<Section.Chart> charts = new ArrayList<>();
        add(
                charts,
                "cost.svg",
                BarChart.values(
                        "what each technique's invocations cost (USD, AWS prices)",
                        new ArrayList<>(byTechnique.keySet()),
                        new ArrayList<>(byTechnique.values()),
                        "USD",
                        v -> String.format(Locale.ROOT, "$%.6f", v)));
        return charts;
    }

    /** Parallel's cells with scale-up's warm cells as the "single thread" line, the baseline the threads must beat. */
    private static List<Cell> withSingleThread(List<Cell> parallel, List<Cell> all) {
        List<Cell> cells = new ArrayList<>(parallel);
        all.stream()
                .filter(c -> c.technique().equals("scale-up") && c.phase().equals("warm"))
                .map(c -> c.withVariant("1 thread (scale-up)"))
                .forEach(cells::add);
        return cells;
    }

    private static void add(List<Section.Chart> charts, String file, String svg) {
        if (!svg.isEmpty()) {
            charts.add(new Section.Chart(file, svg));
        }
    }
}
