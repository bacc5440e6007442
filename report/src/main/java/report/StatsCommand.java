package report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

/**
 * {@code report stats [--by-key] [STATISTIC ...]}: statistics of the numbers on stdin, for scripts that would otherwise
 * compute medians in awk or inline Python (local-lambda/bench.sh). One number a line; with --by-key "KEY NUMBER" lines
 * and one result line per key (keys in the order first seen). Prints the statistics asked (default: count median p50
 * p90) tab-separated, the key first with --by-key. p10/p50/p90 are the report's own nearest-rank percentiles
 * ({@link Stats}); median is the middle value, the mean of the two middle ones for an even count, as a benchmark
 * usually quotes it. Numbers are printed as integers when they are whole, else with up to 6 significant digits (as awk
 * prints them), "nan" when there are none. Bad input: IllegalArgumentException (Main: one line on stderr, exit 2).
 */
final class StatsCommand {
    private static final Map<String, ToDoubleFunction<Summary>> STATISTICS = new LinkedHashMap<>();

    static {
        STATISTICS.put("count", s -> s.stats().count());
        STATISTICS.put("median", Summary::median);
        STATISTICS.put("p10", s -> s.stats().p10());
        STATISTICS.put("p50", s -> s.stats().p50());
        STATISTICS.put("p90", s -> s.stats().p90());
        STATISTICS.put("min", s -> s.stats().min());
        STATISTICS.put("max", s -> s.stats().max());
        STATISTICS.put("mean", s -> s.stats().mean());
    }

    private static final List<String> DEFAULT = List.of("count", "median", "p50", "p90");

    /** The report's summary of one group of numbers, with the classic median beside it. */
    record Summary(Stats stats, double median) {
        static Summary of(List<Double> values) {
            return new Summary(Stats.of(values), Stats.median(values));
        }
    }

    private StatsCommand() {}

    static int run(List<String> args, BufferedReader in, PrintStream out) throws IOException {
        boolean byKey = false;
        List<String> asked = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--by-key")) {
                byKey = true;
            } else if (STATISTICS.containsKey(arg)) {
                asked.add(arg);
            } else {
                throw new IllegalArgumentException("stats: unknown statistic '" + arg + "' (known: "
                        + String.join(", ", STATISTICS.keySet()) + "; option: --by-key)");
            }
        }
        if (asked.isEmpty()) {
            asked = DEFAULT;
        }
        Map<String, List<Double>> groups = read(in, byKey);
        if (!byKey && groups.isEmpty()) {
            groups.put("", List.of());
        }
        for (Map.Entry<String, List<Double>> group : groups.entrySet()) {
            Summary summary = Summary.of(group.getValue());
            StringJoiner line = new StringJoiner("\t");
            if (byKey) {
                line.add(group.getKey());
            }
            for (String statistic : asked) {
                line.add(format(STATISTICS.get(statistic).applyAsDouble(summary)));
            }
            out.println(line);
        }
        return 0;
    }

    /** The numbers per key ("" without --by-key), blank lines skipped. */
    static Map<String, List<Double>> read(BufferedReader in, boolean byKey) throws IOException {
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length != (byKey ? 2 : 1)) {
                throw new IllegalArgumentException(
                        "stats: line " + number + " is not " + (byKey ? "KEY NUMBER" : "a number") + ": " + line);
            }
            double value;
            try {
                value = Double.parseDouble(fields[fields.length - 1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("stats: line " + number + " has no number: " + line);
            }
            groups.computeIfAbsent(byKey ? fields[0] : "", k -> new ArrayList<>())
                    .add(value);
        }
        return groups;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }
}
