package report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The report in the registry's order (techniques.json, {@link Techniques}: the talk's experiments, then the Java ones),
 * then any technique the registry does not list (a user's own function, alphabetically), then the x86/arm comparison,
 * the recommendations and the cost. Each section: table, conclusion, the talk's figures where it had them, charts, all
 * as the technique's entry says.
 */
final class Story {
    /** The conclusion kind of a provisioned-concurrency comparison: pairs[0] is {from: on-demand, to: provisioned}. */
    static final String PROVISIONED = "provisioned";

    private Story() {}

    static List<Section> of(RunData run, List<Cell> cells, Prices prices, double weight) {
        return of(Techniques.ofKit(), run, cells, prices, weight);
    }

    static List<Section> of(Techniques registry, RunData run, List<Cell> cells, Prices prices, double weight) {
        TalkFigures talk = TalkFigures.load();
        Set<String> techniques = new LinkedHashSet<>();
        cells.forEach(c -> techniques.add(c.technique()));
        List<Section> sections = new ArrayList<>();
        for (String technique : registry.order(techniques)) {
            Techniques.Entry entry = registry.entry(technique);
            List<Cell> own =
                    cells.stream().filter(c -> c.technique().equals(technique)).toList();
            List<Section.Chart> charts = new ArrayList<>(charts(entry, own, cells));
            String conclusion;
            if (entry.conclusion().kind().equals(PROVISIONED)
                    && !entry.conclusion().pairs().isEmpty()) {
                // what provisioned concurrency buys and costs: it needs the run's first calls and the prices
                Techniques.Pair pair = entry.conclusion().pairs().get(0);
                Optional<ProvisionedCost.Case> c = ProvisionedCost.of(run, own, pair.from(), pair.to(), prices);
                conclusion = ProvisionedCost.sentence(c, pair.change());
                if (entry.charts().contains("provisionedCost") && c.isPresent()) {
                    charts.add(new Section.Chart(
                            technique + "-provisioned-cost.svg",
                            ProvisionedCost.chart(
                                    technique + ": monthly cost at a steady rate, "
                                            + c.get().memoryMb() + " MB",
                                    c.get())));
                }
            } else {
                conclusion = conclusion(entry, own, cells);
            }
            sections.add(new Section(
                    Optional.ofNullable(entry.question()).filter(q -> !q.isBlank()),
                    Tables.forTechnique(entry, run, own, cells),
                    conclusion,
                    entry.talkFigures() == null ? Optional.empty() : talk.forTechnique(entry.talkFigures()),
                    charts));
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
                Tables.cost(run, cells, prices),
                Conclusions.cost(cells, prices),
                Optional.empty(),
                costChart(registry, cells)));
        return sections;
    }

    private static String conclusion(Techniques.Entry entry, List<Cell> own, List<Cell> all) {
        try {
            return Conclusions.of(entry, own, all);
        } catch (RuntimeException e) {
            // a sentence is a summary: a gap the rules above did not foresee must not cost the attendee the whole
            // report
            return "No conclusion computed (" + e.getClass().getSimpleName() + "): read the table.";
        }
    }

    /** The charts of a technique without a registry entry (a tuning run's function): all the kinds that apply. */
    static List<Section.Chart> charts(String technique, List<Cell> own, List<Cell> all) {
        return charts(Techniques.generic(technique), own, all);
    }

    /**
     * Of the kinds the entry lists: cold start (Init + first call) per variant when there are cold starts; duration
     * (with the cells of the technique it is relative to) and cost against memory when the technique spans sizes, else
     * warm p50 with its p10-p90 spread per variant.
     */
    static List<Section.Chart> charts(Techniques.Entry entry, List<Cell> own, List<Cell> all) {
        String technique = entry.name();
        List<String> kinds = entry.charts();
        List<Section.Chart> charts = new ArrayList<>();
        List<Cell> cold = own.stream().filter(c -> c.phase().equals("cold")).toList();
        List<Cell> warm = own.stream().filter(c -> c.phase().equals("warm")).toList();
        if (kinds.contains("cold")) {
            add(
                    charts,
                    technique + "-cold.svg",
                    BarChart.coldStart(technique + ": cold start = Init + first call (p50)", cold));
        }
        if (warm.stream().map(Cell::memoryMb).distinct().count() > 1) {
            if (kinds.contains("duration")) {
                add(
                        charts,
                        technique + "-duration.svg",
                        MemoryChart.of(
                                technique + ": warm Duration p50 vs memory",
                                "Duration p50 (ms)",
                                entry.relativeTo() != null ? withRelative(warm, all, entry) : warm,
                                c -> c.duration().p50()));
            }
            if (kinds.contains("cost")) {
                add(
                        charts,
                        technique + "-cost.svg",
                        MemoryChart.of(
                                technique + ": cost per 1M warm invocations vs memory",
                                "USD per 1M",
                                warm,
                                Cell::costPerMillion));
            }
        } else if (kinds.contains("warm")) {
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
    private static List<Section.Chart> costChart(Techniques registry, List<Cell> cells) {
        Map<String, Double> byTechnique = new LinkedHashMap<>();
        for (String technique :
                registry.order(cells.stream().map(Cell::technique).distinct().toList())) {
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

    /** The warm cells with those of the technique they are relative to as one more line, the baseline to beat. */
    private static List<Cell> withRelative(List<Cell> warm, List<Cell> all, Techniques.Entry entry) {
        List<Cell> cells = new ArrayList<>(warm);
        String label = entry.relativeLabel() != null ? entry.relativeLabel() : entry.relativeTo();
        all.stream()
                .filter(c ->
                        c.technique().equals(entry.relativeTo()) && c.phase().equals("warm"))
                .map(c -> c.withVariant(label))
                .forEach(cells::add);
        return cells;
    }

    private static void add(List<Section.Chart> charts, String file, String svg) {
        if (!svg.isEmpty()) {
            charts.add(new Section.Chart(file, svg));
        }
    }
}
