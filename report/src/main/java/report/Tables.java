package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The tables of a run (the order is {@link Story}'s). Each technique's table is shaped by its registry entry
 * ({@link Techniques}): the rows (one per variant and memory, one per memory of a sweep, or one per memory beside another
 * technique's cells) and the columns, each a value named in {@link #COLUMNS}. A technique without an entry gets the
 * generic table: cold and warm per variant and memory.
 */
public final class Tables {
    /** Lambda gives one full vCPU at this size (AWS documentation); a single thread gains nothing above it. */
    static final int ONE_VCPU_MB = 1769;

    /** The payload field of a row's last response: a column value {@code payload.FIELD}. */
    private static final String PAYLOAD = "payload.";

    /**
     * One row of a technique's table: its cell (a representative one for a variant row, the warm cell for a row per
     * memory), the cold and warm cells of its variant and memory, the smallest size of a sweep, the cell of the technique
     * it is relative to at its memory, and that technique's name.
     */
    record Row(
            RunData run,
            Cell cell,
            Optional<Cell> cold,
            Optional<Cell> warm,
            Cell smallest,
            Optional<Cell> relative,
            String relativeTo) {}

    /** The values a column can show, by the name the registry gives them. */
    static final Map<String, Function<Row, String>> COLUMNS = columns();

    private static Map<String, Function<Row, String>> columns() {
        Map<String, Function<Row, String>> c = new LinkedHashMap<>();
        c.put("variant", r -> r.cell().variant());
        c.put("memory", r -> Integer.toString(r.cell().memoryMb()));
        c.put("arch", r -> r.cell().architecture());
        c.put("coldInitP50", r -> p50(r.cold(), Cell::init));
        c.put("coldDurationP50", r -> p50(r.cold(), Cell::duration));
        c.put("coldBilledP50", r -> p50(r.cold(), Cell::billed));
        c.put("warmP50", r -> p50(r.warm(), Cell::duration));
        c.put("warmP90", r -> r.warm().map(w -> Format.ms(w.duration().p90())).orElse("–"));
        c.put(
                "maxMemory",
                r -> Format.whole(Math.max(
                        r.cold().map(x -> x.maxMemory().max()).orElse(Double.NaN),
                        r.warm().map(x -> x.maxMemory().max()).orElse(Double.NaN))));
        c.put(
                "coldMaxMemory",
                r -> Format.whole(r.cold().map(x -> x.maxMemory().max()).orElse(Double.NaN)));
        c.put(
                "warmMaxMemory",
                r -> Format.whole(r.warm().map(x -> x.maxMemory().max()).orElse(Double.NaN)));
        c.put(
                "warmCostPerMillion",
                r -> r.warm().map(w -> Format.usd(w.costPerMillion())).orElse("–"));
        c.put("nColdWarm", r -> n(r.cold(), r.warm()));
        // the first call of each round as its caller waited: Init + Duration cold, Duration when initialised ahead
        c.put(
                "firstCallP50",
                r -> Format.ms(FirstCalls.of(r.run(), r.cell().function()).p50()));
        c.put(
                "burstColdStarts",
                r -> FirstCalls.burstColdStarts(r.run(), r.cell().function()));
        c.put(
                "nFirstWarm",
                r -> FirstCalls.of(r.run(), r.cell().function()).count() + "/"
                        + r.warm().map(w -> w.duration().count()).orElse(0));
        c.put(
                "nWarm",
                r -> Integer.toString(r.warm().map(w -> w.duration().count()).orElse(0)));
        c.put(
                "errors",
                r -> Integer.toString(r.cold().map(Cell::failures).orElse(0)
                        + r.warm().map(Cell::failures).orElse(0)));
        c.put("zipSizeMb", r -> Format.mb(r.cell().codeSize()));
        c.put("sameCreatedAt", r -> sameObject(r.run().responses.get(r.cell().function())));
        c.put(
                "speedUpVsSmallest",
                r -> Format.ratio(
                        r.smallest().duration().p50() / r.cell().duration().p50()));
        c.put(
                "modelSpeedUp",
                r -> Format.ratio(Math.min(r.cell().memoryMb(), ONE_VCPU_MB)
                        / (double) Math.min(r.smallest().memoryMb(), ONE_VCPU_MB)));
        c.put("oneVcpuMark", r -> r.cell().memoryMb() == ONE_VCPU_MB ? "← 1 vCPU" : "");
        c.put(
                "relativeWarmP50",
                r -> r.relative().map(s -> Format.ms(s.duration().p50())).orElse("– (" + r.relativeTo() + " not run)"));
        c.put(
                "speedUpVsRelative",
                r -> r.relative()
                        .map(s -> Format.ratio(
                                s.duration().p50() / r.cell().duration().p50()))
                        .orElse("–"));
        c.put(
                "nWarmVsRelative",
                r -> r.cell().duration().count() + "/"
                        + r.relative().map(s -> s.duration().count()).orElse(0));
        return Map.copyOf(c);
    }

    /** Whether a registry column's value is one this class can show. */
    static boolean isColumn(String value) {
        return COLUMNS.containsKey(value) || (value.startsWith(PAYLOAD) && value.length() > PAYLOAD.length());
    }

    private static final List<Techniques.Column> VARIANT_COLUMNS = columns(
            "variant", "variant",
            "memory (MB)", "memory",
            "arch", "arch",
            "cold Init p50 (ms)", "coldInitP50",
            "cold Duration p50 (ms)", "coldDurationP50",
            "warm p50 (ms)", "warmP50",
            "warm p90 (ms)", "warmP90",
            "max memory used (MB)", "maxMemory",
            "cost per 1M warm", "warmCostPerMillion",
            "n cold/warm", "nColdWarm",
            "errors", "errors");

    private static final List<Techniques.Column> SWEEP_COLUMNS = columns(
            "memory (MB)", "memory",
            "warm p50 (ms)", "warmP50",
            "warm p90 (ms)", "warmP90",
            "speed-up vs smallest", "speedUpVsSmallest",
            "cold Init p50 (ms)", "coldInitP50",
            "max memory used (MB)", "warmMaxMemory",
            "cost per 1M warm", "warmCostPerMillion",
            "n warm", "nWarm");

    /** Columns from (header, value) pairs: the standard tables read as the registry's JSON columns do. */
    private static List<Techniques.Column> columns(String... headerThenValue) {
        List<Techniques.Column> columns = new ArrayList<>();
        for (int i = 0; i < headerThenValue.length; i += 2) {
            columns.add(new Techniques.Column(headerThenValue[i], headerThenValue[i + 1]));
        }
        return List.copyOf(columns);
    }

    private Tables() {}

    /** The columns of a technique's table: its entry's, else the default ones of how it compares. */
    static List<Techniques.Column> columnsOf(Techniques.Entry entry) {
        if (!entry.columns().isEmpty()) {
            return entry.columns();
        }
        return switch (entry.compare()) {
            case VARIANTS -> VARIANT_COLUMNS;
            case SWEEP -> SWEEP_COLUMNS;
            case RELATIVE ->
                List.of(
                        new Techniques.Column("memory (MB)", "memory"),
                        new Techniques.Column("warm p50 (ms)", "warmP50"),
                        new Techniques.Column(entry.relativeTo() + " warm p50 (ms)", "relativeWarmP50"),
                        new Techniques.Column("speed-up", "speedUpVsRelative"),
                        new Techniques.Column("n warm/" + entry.relativeTo(), "nWarmVsRelative"));
        };
    }

    /** The table of one technique, shaped by its registry entry; all cells of the run are there for relative tables. */
    static Table forTechnique(Techniques.Entry entry, RunData run, List<Cell> own, List<Cell> all) {
        List<Techniques.Column> columns = columnsOf(entry);
        Table t = new Table(
                entry.name(),
                entry.title() != null ? entry.title() : entry.name() + ": cold and warm per variant and memory",
                entry.note() != null ? entry.note() : Techniques.GENERIC_NOTE,
                columns.stream().map(Techniques.Column::header).toList());
        for (Row row : rows(entry, run, own, all)) {
            t.add(columns.stream().map(c -> value(c.value(), row)).toList());
        }
        return t;
    }

    private static String value(String column, Row row) {
        if (column.startsWith(PAYLOAD)) {
            return lastPayload(row.run().responses.get(row.cell().function()))
                    .path(column.substring(PAYLOAD.length()))
                    .asText("–");
        }
        return COLUMNS.get(column).apply(row);
    }

    private static List<Row> rows(Techniques.Entry entry, RunData run, List<Cell> cells, List<Cell> all) {
        return switch (entry.compare()) {
            case VARIANTS ->
                firstOfEach(cells).stream()
                        .map(any -> new Row(
                                run,
                                any,
                                find(cells, any.variant(), any.memoryMb(), "cold"),
                                find(cells, any.variant(), any.memoryMb(), "warm"),
                                null,
                                Optional.empty(),
                                null))
                        .toList();
            case SWEEP -> {
                List<Cell> warm = cells.stream()
                        .filter(c -> c.phase().equals("warm") && c.duration().count() > 0)
                        .sorted(Comparator.comparingInt(Cell::memoryMb))
                        .toList();
                yield warm.stream()
                        .map(c -> new Row(
                                run,
                                c,
                                find(cells, c.variant(), c.memoryMb(), "cold"),
                                Optional.of(c),
                                warm.get(0),
                                Optional.empty(),
                                null))
                        .toList();
            }
            case RELATIVE -> {
                List<Cell> warm = cells.stream()
                        .filter(c -> c.phase().equals("warm"))
                        .sorted(Comparator.comparingInt(Cell::memoryMb))
                        .toList();
                // the other technique's cells of the same run: the baseline, priced like everything else in this report
                List<Cell> relative = all.stream()
                        .filter(c -> c.technique().equals(entry.relativeTo())
                                && c.phase().equals("warm"))
                        .toList();
                yield warm.stream()
                        .map(c -> new Row(
                                run,
                                c,
                                find(cells, c.variant(), c.memoryMb(), "cold"),
                                Optional.of(c),
                                warm.get(0),
                                relative.stream()
                                        .filter(s -> s.memoryMb() == c.memoryMb())
                                        .findFirst(),
                                entry.relativeTo()))
                        .toList();
            }
        };
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
