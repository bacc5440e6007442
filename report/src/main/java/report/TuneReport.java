package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report of a tuning run (scripts/tune.sh, run.json "kind": "tune"): one function at several memory sizes. Tables:
 * per size the cold start and the warm figures with their cost; the recommended size per strategy with the figures
 * behind it; what the run cost. Plus report/power-tuning.json in AWS Lambda Power Tuning's output shape.
 */
public final class TuneReport {
    static final String TECHNIQUE = "tune";
    static final List<String> STRATEGIES = List.of("cost", "speed", "balanced");

    private TuneReport() {}

    public static boolean isTune(RunData run) {
        return TECHNIQUE.equals(run.run.path("kind").asText());
    }

    /** The balanced weight: the one asked for on the command line, else the run's (run.json), else 0.5. */
    static double weight(RunData run, double asked) {
        if (!Double.isNaN(asked)) {
            return asked;
        }
        JsonNode w = run.run.path("balancedWeight");
        return w.isNumber() ? w.asDouble() : 0.5;
    }

    static String strategy(RunData run) {
        String s = run.run.path("strategy").asText("balanced");
        return STRATEGIES.contains(s) ? s : "balanced";
    }

    /**
     * Failed calls of a cell: REPORT lines with a Status other than success, or more responses with a function error (or
     * a failed invoke) than that, whichever is larger. A handler that throws leaves a REPORT line without Status; only
     * the response tells.
     */
    static int errors(RunData run, Cell cell) {
        List<JsonNode> responses = run.responses.getOrDefault(cell.function(), List.of());
        int fromResponses = (int) responses.stream()
                .filter(r -> cell.phase().equals(r.path("phase").asText()))
                .filter(r -> !r.path("functionError").isNull()
                        && !r.path("functionError").isMissingNode())
                .count();
        return Math.max(cell.failures(), fromResponses);
    }

    /** Error types seen in a size's responses, e.g. "Unhandled: java.lang.IllegalStateException". */
    static String errorTypes(RunData run, String function) {
        Set<String> types = new TreeSet<>();
        for (JsonNode r : run.responses.getOrDefault(function, List.of())) {
            JsonNode fe = r.path("functionError");
            if (!fe.isNull() && !fe.isMissingNode()) {
                String type = r.path("payload").path("errorType").asText("");
                types.add(fe.asText() + (type.isEmpty() ? "" : ": " + type));
            }
        }
        return String.join(", ", types);
    }

    public static List<Table> tables(RunData run, List<Cell> cells, Prices prices, double weight) {
        return sections(run, cells, prices, weight).stream().map(Section::table).toList();
    }

    /** The tuning run's story: the sizes (with the duration and cost charts), the pick per strategy, the cost. */
    static List<Section> sections(RunData run, List<Cell> cells, Prices prices, double weight) {
        List<Cell> own =
                cells.stream().filter(c -> c.technique().equals(TECHNIQUE)).toList();
        String pick = conclusion(run, own, weight);
        List<Section> sections = new ArrayList<>();
        sections.add(new Section(sizes(run, own), pick, Optional.empty(), Story.charts(TECHNIQUE, own, cells)));
        sections.add(new Section(recommendation(run, own, weight), pick, Optional.empty(), List.of()));
        sections.add(new Section(
                Tables.cost(run, cells, prices), Conclusions.cost(cells, prices), Optional.empty(), List.of()));
        return sections;
    }

    /** One sentence: the pick of the run's strategy, with the fastest and the cheapest size beside it. */
    static String conclusion(RunData run, List<Cell> own, double weight) {
        List<PowerTuningOutput.Stat> stats = PowerTuningOutput.stats(own, c -> errors(run, c));
        if (stats.isEmpty()) {
            return "No memory size ran without errors: nothing to recommend.";
        }
        String chosen = strategy(run);
        PowerTuningOutput.Stat pick = PowerTuningOutput.pick(stats, chosen, weight);
        PowerTuningOutput.Stat fastest = PowerTuningOutput.pick(stats, "speed", weight);
        PowerTuningOutput.Stat cheapest = PowerTuningOutput.pick(stats, "cost", weight);
        return String.format(
                Locale.ROOT,
                "Strategy %s picks %d MB (warm p50 %s ms, %s per 1M) of %d sizes; the fastest is "
                        + "%d MB (%s ms), the cheapest %d MB (%s per 1M).",
                chosen,
                pick.value(),
                Format.ms(pick.averageDuration()),
                Format.usd(pick.averagePrice() * 1_000_000),
                stats.size(),
                fastest.value(),
                Format.ms(fastest.averageDuration()),
                cheapest.value(),
                Format.usd(cheapest.averagePrice() * 1_000_000));
    }

    private static String function(RunData run) {
        String name = run.run.path("function").path("name").asText("");
        return name.isEmpty() ? "function" : name;
    }

    static Table sizes(RunData run, List<Cell> cells) {
        Table t = new Table(
                TECHNIQUE,
                "Tuning " + function(run) + ": cold start and warm calls per memory size",
                "p50 of each cell. A cold call's cost includes its billed INIT; every cost includes the request charge and "
                        + "uses the architecture's GB-s price. A size with any failed call is marked FAILED and left out of "
                        + "the recommendation.",
                List.of(
                        "memory (MB)",
                        "Init p50 (ms)",
                        "first call p50 (ms)",
                        "cold cost per call",
                        "warm p50 (ms)",
                        "warm p90 (ms)",
                        "warm cost per call",
                        "warm cost per 1M",
                        "max memory used (MB)",
                        "n cold/warm",
                        "errors",
                        "status"));
        Set<Integer> memories = new TreeSet<>();
        cells.forEach(c -> memories.add(c.memoryMb()));
        for (int m : memories) {
            Optional<Cell> cold = find(cells, m, "cold");
            Optional<Cell> warm = find(cells, m, "warm");
            int errors = cold.map(c -> errors(run, c)).orElse(0)
                    + warm.map(c -> errors(run, c)).orElse(0);
            String function = cold.or(() -> warm).map(Cell::function).orElse("");
            t.add(List.of(
                    Integer.toString(m),
                    cold.map(c -> Format.ms(c.init().p50())).orElse("–"),
                    cold.map(c -> Format.ms(c.duration().p50())).orElse("–"),
                    cold.map(c -> usd(c.costPerInvocation())).orElse("–"),
                    warm.map(c -> Format.ms(c.duration().p50())).orElse("–"),
                    warm.map(c -> Format.ms(c.duration().p90())).orElse("–"),
                    warm.map(c -> usd(c.costPerInvocation())).orElse("–"),
                    warm.map(c -> Format.usd(c.costPerMillion())).orElse("–"),
                    Format.whole(Math.max(
                            cold.map(c -> c.maxMemory().max()).orElse(Double.NaN),
                            warm.map(c -> c.maxMemory().max()).orElse(Double.NaN))),
                    cold.map(c -> c.duration().count()).orElse(0) + "/"
                            + warm.map(c -> c.duration().count()).orElse(0),
                    Integer.toString(errors),
                    errors == 0 ? "ok" : "FAILED (" + errorTypes(run, function) + ")"));
        }
        return t;
    }

    static Table recommendation(RunData run, List<Cell> cells, double weight) {
        String chosen = strategy(run);
        Table t = new Table(
                "tune-recommendation",
                "Recommended memory for " + function(run) + " per strategy",
                "As AWS Lambda Power Tuning, over the sizes without errors: cost = lowest warm cost per call, speed = lowest "
                        + "warm p50, balanced = lowest weight×cost/max + (1−weight)×p50/max with weight "
                        + String.format(Locale.ROOT, "%.2f", weight) + ". Cold start = Init + first call at that size. "
                        + "report/power-tuning.json holds the '" + chosen + "' pick in Power Tuning's output shape.",
                List.of(
                        "strategy",
                        "memory (MB)",
                        "warm p50 (ms)",
                        "warm cost per call",
                        "warm cost per 1M",
                        "cold start (ms)",
                        "sizes compared",
                        "--strategy"));
        List<PowerTuningOutput.Stat> stats = PowerTuningOutput.stats(cells, c -> errors(run, c));
        if (stats.isEmpty()) {
            t.add(List.of("–", "no size without errors", "–", "–", "–", "–", "0", ""));
            return t;
        }
        for (String strategy : STRATEGIES) {
            PowerTuningOutput.Stat s = PowerTuningOutput.pick(stats, strategy, weight);
            Optional<Cell> cold = find(cells, s.value(), "cold");
            t.add(List.of(
                    strategy,
                    Integer.toString(s.value()),
                    Format.ms(s.averageDuration()),
                    usd(s.averagePrice()),
                    Format.usd(s.averagePrice() * 1_000_000),
                    cold.map(c -> Format.ms(c.init().p50() + c.duration().p50()))
                            .orElse("–"),
                    Integer.toString(stats.size()),
                    strategy.equals(chosen) ? "← chosen" : ""));
        }
        return t;
    }

    private static Optional<Cell> find(List<Cell> cells, int memory, String phase) {
        return cells.stream()
                .filter(c -> c.memoryMb() == memory && c.phase().equals(phase))
                .findFirst();
    }

    /** Per-call cost: small numbers, so more decimals than the per-1M columns. */
    static String usd(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "$%.8f", value);
    }

    /** Writes report/power-tuning.json; returns false (and says why on stderr) when no size can be picked. */
    static boolean writePowerTuning(Path out, RunData run, List<Cell> cells, double weight) throws IOException {
        List<Cell> own = cells.stream()
                .filter(c -> c.technique().equals(TECHNIQUE))
                .sorted(Comparator.comparingInt(Cell::memoryMb))
                .toList();
        if (PowerTuningOutput.stats(own, c -> errors(run, c)).isEmpty()) {
            System.err.println("report: no memory size without errors: report/power-tuning.json not written");
            return false;
        }
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(
                        out.resolve("power-tuning.json").toFile(),
                        PowerTuningOutput.of(own, c -> errors(run, c), strategy(run), weight));
        return true;
    }
}
