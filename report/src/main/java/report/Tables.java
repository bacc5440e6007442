package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The tables of a run (the order is {@link Story}'s). Techniques with their own story (the talk's four, plus SDK slimming's package sizes) get a table
 * shaped like the talk's; every other technique gets the generic one, so a new technique needs no code here unless it
 * wants its own shape: add one entry to {@link #SPECIAL}.
 */
public final class Tables {
    static final int ONE_VCPU_MB = 1769;

    /** Builds one technique's table from its own cells; all cells of the run are there for tables that join techniques. */
    interface Definition {
        Table build(RunData run, List<Cell> own, List<Cell> all);
    }

    private static final Map<String, Definition> SPECIAL = Map.of(
            "context-reuse", (run, own, all) -> contextReuse(run, own),
            "sdk-slimming", (run, own, all) -> sdkSlimming(run, own),
            "scale-up", (run, own, all) -> scaleUp(run, own),
            "parallel", Tables::parallel);

    private Tables() {}

    /** The table of one technique: its own shape when it has one, else the generic one. */
    static Table forTechnique(String technique, RunData run, List<Cell> own, List<Cell> all) {
        return SPECIAL.getOrDefault(technique, (r, o, a) -> generic(technique, o))
                .build(run, own, all);
    }

    static Optional<Cell> find(List<Cell> cells, String variant, int memory, String phase) {
        return cells.stream()
                .filter(c -> c.variant().equals(variant)
                        && c.memoryMb() == memory
                        && c.phase().equals(phase))
                .findFirst();
    }

    /** "1/3": how many cold and warm invocations a row stands on. */
    private static String n(Optional<Cell> cold, Optional<Cell> warm) {
        return cold.map(c -> c.duration().count()).orElse(0) + "/"
                + warm.map(c -> c.duration().count()).orElse(0);
    }

    private static String p50(Optional<Cell> cell, Function<Cell, Stats> metric) {
        return cell.map(c -> Format.ms(metric.apply(c).p50())).orElse("–");
    }

    /** (variant, memory) pairs in a stable order. */
    private static List<Cell> firstOfEach(List<Cell> cells) {
        Map<String, Cell> seen = new TreeMap<>();
        for (Cell c : cells) {
            seen.putIfAbsent(c.variant() + "/" + String.format("%06d", c.memoryMb()) + "/" + c.architecture(), c);
        }
        return new ArrayList<>(seen.values());
    }

    /** One row of a per-variant table: a representative cell and the cold and warm cells of its (variant, memory). */
    private record VariantCells(Cell any, Optional<Cell> cold, Optional<Cell> warm) {
        /** The row's leading variant and memory columns, then the given ones. */
        List<String> keyAnd(List<String> columns) {
            List<String> row = new ArrayList<>(List.of(any.variant(), Integer.toString(any.memoryMb())));
            row.addAll(columns);
            return List.copyOf(row);
        }
    }

    private static List<VariantCells> byVariant(List<Cell> cells) {
        return firstOfEach(cells).stream()
                .map(any -> new VariantCells(
                        any,
                        find(cells, any.variant(), any.memoryMb(), "cold"),
                        find(cells, any.variant(), any.memoryMb(), "warm")))
                .toList();
    }

    /** Fills a per-variant table: one row per (variant, memory), its variant and memory columns first. */
    private static Table withVariantRows(Table t, List<Cell> cells, Function<VariantCells, List<String>> columns) {
        for (VariantCells row : byVariant(cells)) {
            t.add(row.keyAnd(columns.apply(row)));
        }
        return t;
    }

    static Table generic(String technique, List<Cell> cells) {
        Table t = new Table(
                technique,
                technique + ": cold and warm per variant and memory",
                "p50 of each cell; Init is the Init Duration of cold starts; cost per 1M is for warm invocations.",
                List.of(
                        "variant",
                        "memory (MB)",
                        "arch",
                        "cold Init p50 (ms)",
                        "cold Duration p50 (ms)",
                        "warm p50 (ms)",
                        "warm p90 (ms)",
                        "max memory used (MB)",
                        "cost per 1M warm",
                        "n cold/warm",
                        "errors"));
        return withVariantRows(
                t,
                cells,
                row -> List.of(
                        row.any().architecture(),
                        p50(row.cold(), Cell::init),
                        p50(row.cold(), Cell::duration),
                        p50(row.warm(), Cell::duration),
                        row.warm().map(c -> Format.ms(c.duration().p90())).orElse("–"),
                        Format.whole(Math.max(
                                row.cold().map(c -> c.maxMemory().max()).orElse(Double.NaN),
                                row.warm().map(c -> c.maxMemory().max()).orElse(Double.NaN))),
                        row.warm().map(c -> Format.usd(c.costPerMillion())).orElse("–"),
                        n(row.cold(), row.warm()),
                        Integer.toString(row.cold().map(Cell::failures).orElse(0)
                                + row.warm().map(Cell::failures).orElse(0))));
    }

    static Table contextReuse(RunData run, List<Cell> cells) {
        Table t = new Table(
                "context-reuse",
                "Context reuse: expensive work in the handler vs once per environment",
                "InHandler variants build the resource in every call, Once variants once per execution environment (in "
                        + "Init). 'same object' = the warm calls saw the createdAt of the cold call's object.",
                List.of(
                        "variant",
                        "memory (MB)",
                        "Init p50 (ms)",
                        "first call (ms)",
                        "warm p50 (ms)",
                        "cold billed p50 (ms)",
                        "same object on warm calls",
                        "n cold/warm"));
        return withVariantRows(
                t,
                cells,
                row -> List.of(
                        p50(row.cold(), Cell::init),
                        p50(row.cold(), Cell::duration),
                        p50(row.warm(), Cell::duration),
                        p50(row.cold(), Cell::billed),
                        sameObject(run.responses.get(row.any().function())),
                        n(row.cold(), row.warm())));
    }

    /** "yes" when every warm response carries the createdAt of the cold response before it. */
    static String sameObject(List<JsonNode> responses) {
        if (responses == null || responses.isEmpty()) {
            return "–";
        }
        String coldCreatedAt = null;
        boolean sawWarm = false;
        for (JsonNode r : responses) {
            String createdAt = r.path("payload").path("createdAt").asText(null);
            if ("cold".equals(r.path("phase").asText())) {
                coldCreatedAt = createdAt;
            } else if (createdAt != null) {
                sawWarm = true;
                if (!createdAt.equals(coldCreatedAt)) {
                    return "no";
                }
            }
        }
        return sawWarm ? "yes" : "–";
    }

    static Table sdkSlimming(RunData run, List<Cell> cells) {
        Table t = new Table(
                "sdk-slimming",
                "SDK slimming: package size, Init and first call per S3 setup",
                "Java has no SDK in the runtime: every variant ships its own, so the question is which modules and which "
                        + "HTTP client. First call = Duration of the cold invocation.",
                List.of(
                        "variant",
                        "memory (MB)",
                        "zip size (MB)",
                        "Init p50 (ms)",
                        "first call p50 (ms)",
                        "cold billed p50 (ms)",
                        "warm p50 (ms)",
                        "max memory used (MB)",
                        "n cold/warm"));
        return withVariantRows(
                t,
                cells,
                row -> List.of(
                        Format.mb(row.any().codeSize()),
                        p50(row.cold(), Cell::init),
                        p50(row.cold(), Cell::duration),
                        p50(row.cold(), Cell::billed),
                        p50(row.warm(), Cell::duration),
                        Format.whole(row.cold().map(c -> c.maxMemory().max()).orElse(Double.NaN)),
                        n(row.cold(), row.warm())));
    }

    static Table scaleUp(RunData run, List<Cell> cells) {
        Table t = new Table(
                "scale-up",
                "Scale up: memory buys CPU (single thread)",
                "Lambda gives 1 vCPU at " + ONE_VCPU_MB + " MB; a single thread gains nothing above. "
                        + "Model speed-up = min(m, 1769) / min(smallest m, 1769).",
                List.of(
                        "memory (MB)",
                        "warm p50 (ms)",
                        "warm p90 (ms)",
                        "speed-up vs smallest",
                        "model speed-up",
                        "cold Init p50 (ms)",
                        "max memory used (MB)",
                        "cost per 1M warm",
                        "n warm",
                        "CPU"));
        List<Cell> warm = cells.stream()
                .filter(c -> c.phase().equals("warm") && c.duration().count() > 0)
                .sorted(Comparator.comparingInt(Cell::memoryMb))
                .toList();
        if (warm.isEmpty()) {
            return t;
        }
        Cell smallest = warm.get(0);
        for (Cell c : warm) {
            Optional<Cell> cold = find(cells, c.variant(), c.memoryMb(), "cold");
            double model = Math.min(c.memoryMb(), ONE_VCPU_MB) / (double) Math.min(smallest.memoryMb(), ONE_VCPU_MB);
            t.add(List.of(
                    Integer.toString(c.memoryMb()),
                    Format.ms(c.duration().p50()),
                    Format.ms(c.duration().p90()),
                    Format.ratio(smallest.duration().p50() / c.duration().p50()),
                    Format.ratio(model),
                    p50(cold, Cell::init),
                    Format.whole(c.maxMemory().max()),
                    Format.usd(c.costPerMillion()),
                    Integer.toString(c.duration().count()),
                    c.memoryMb() == ONE_VCPU_MB ? "← 1 vCPU" : ""));
        }
        return t;
    }

    static Table parallel(RunData run, List<Cell> cells, List<Cell> all) {
        Table t = new Table(
                "parallel",
                "Parallel: threads vs scale-up's single thread",
                "Python's multiprocessing.Pool fails on Lambda (no /dev/shm); Java threads work, and pay off only where "
                        + "Lambda gives more than one vCPU (above 1769 MB).",
                List.of(
                        "memory (MB)",
                        "threads",
                        "visible processors",
                        "parallel warm p50 (ms)",
                        "single-thread warm p50 (ms)",
                        "speed-up",
                        "n parallel/single"));
        List<Cell> warm = cells.stream()
                .filter(c -> c.phase().equals("warm"))
                .sorted(Comparator.comparingInt(Cell::memoryMb))
                .toList();
        // scale-up's cells of the same run: the single-thread baseline, priced like everything else in this report
        List<Cell> single = all.stream()
                .filter(c -> c.technique().equals("scale-up") && c.phase().equals("warm"))
                .toList();
        for (Cell c : warm) {
            JsonNode payload = lastPayload(run.responses.get(c.function()));
            Optional<Cell> one =
                    single.stream().filter(s -> s.memoryMb() == c.memoryMb()).findFirst();
            t.add(List.of(
                    Integer.toString(c.memoryMb()),
                    payload.path("threads").asText("–"),
                    payload.path("availableProcessors").asText("–"),
                    Format.ms(c.duration().p50()),
                    one.map(s -> Format.ms(s.duration().p50())).orElse("– (scale-up not run)"),
                    one.map(s -> Format.ratio(s.duration().p50() / c.duration().p50()))
                            .orElse("–"),
                    c.duration().count() + "/"
                            + one.map(s -> s.duration().count()).orElse(0)));
        }
        return t;
    }

    private static JsonNode lastPayload(List<JsonNode> responses) {
        if (responses == null || responses.isEmpty()) {
            return MissingNode.getInstance();
        }
        return responses.get(responses.size() - 1).path("payload");
    }

    static Optional<Table> architectures(List<Cell> cells) {
        Set<String> archs = new LinkedHashSet<>();
        cells.forEach(c -> archs.add(c.architecture()));
        if (archs.size() < 2) {
            return Optional.empty();
        }
        Table t = new Table(
                "architectures",
                "x86_64 vs arm64",
                "Warm p50 and cost per 1M of the same cell on each.",
                List.of(
                        "technique",
                        "variant",
                        "memory (MB)",
                        "x86_64 p50 (ms)",
                        "arm64 p50 (ms)",
                        "x86_64 per 1M",
                        "arm64 per 1M"));
        Map<String, Cell[]> pairs = new TreeMap<>();
        for (Cell c : cells) {
            if (c.phase().equals("warm")) {
                Cell[] pair =
                        pairs.computeIfAbsent(c.technique() + "/" + c.variant() + "/" + c.memoryMb(), k -> new Cell[2]);
                pair["arm64".equals(c.architecture()) ? 1 : 0] = c;
            }
        }
        pairs.forEach((k, p) -> {
            String[] parts = k.split("/");
            t.add(List.of(
                    parts[0],
                    parts[1],
                    parts[2],
                    p[0] == null ? "–" : Format.ms(p[0].duration().p50()),
                    p[1] == null ? "–" : Format.ms(p[1].duration().p50()),
                    p[0] == null ? "–" : Format.usd(p[0].costPerMillion()),
                    p[1] == null ? "–" : Format.usd(p[1].costPerMillion())));
        });
        return Optional.of(t);
    }

    static Table cost(RunData run, List<Cell> cells, Prices prices) {
        Table t = new Table(
                "cost",
                "What this run cost (at AWS prices)",
                "Prices of " + prices.region() + " from " + prices.date() + " (" + prices.source()
                        + "). Billed Duration " + "includes INIT on cold starts (billed since Aug 2025).",
                List.of("technique", "invocations", "billed GB-s", "cost (USD)"));
        Map<String, double[]> sums = new TreeMap<>();
        for (Cell c : cells) {
            double[] s = sums.computeIfAbsent(c.technique(), k -> new double[3]);
            int n = c.billed().count();
            if (n > 0) {
                s[0] += n;
                s[1] += c.billed().mean() * n / 1000.0 * c.memoryMb() / 1024.0;
                s[2] += c.costPerInvocation() * n;
            }
        }
        sums.forEach((k, s) -> t.add(List.of(
                k,
                Format.whole(s[0]),
                String.format(Locale.ROOT, "%.3f", s[1]),
                String.format(Locale.ROOT, "$%.6f", s[2]))));
        return t;
    }
}
