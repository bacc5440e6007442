package report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One sentence per section, computed from this run's cells: what the technique bought, in the run's own numbers. A
 * missing cell makes the sentence say what is missing; it never throws, because a partial run still deserves a report.
 */
final class Conclusions {
    private Conclusions() {}

    /**
     * The sentence of a technique's section, of the kind its registry entry names: each variant against the baseline,
     * pairs of variants, a memory sweep, the cells relative to another technique's, or (no entry) the generic one.
     */
    static String of(Techniques.Entry entry, List<Cell> own, List<Cell> all) {
        if (own.isEmpty()) {
            return "No cells measured.";
        }
        Techniques.Conclusion c = entry.conclusion();
        String sentence = switch (c.kind()) {
            case "pairs" -> pairs(own, c.pairs());
            case "sweep" -> sweep(own, c.subject() != null ? c.subject() : "it");
            case "relative" -> relative(own, all, entry.relativeTo(), c);
            case "baseline" -> entry.baseline() != null ? variants(own, entry.baseline()) : generic(own);
            case "generic" -> generic(own);
            default ->
                throw new IllegalStateException(
                        "techniques.json: " + entry.name() + " has a conclusion of unknown kind '" + c.kind() + "'");
        };
        return sentence + fewValues(own);
    }

    /**
     * " (n = 1 cold, 3 warm per cell: indicative, too few to test.)" when a cell has fewer values than a Mann-Whitney test
     * needs to reach 0.05 at all: the sentence reports what was measured, the reader should know it was not tested.
     */
    static String fewValues(List<Cell> cells) {
        int needed = MannWhitney.smallestEqualN(Compare.ALPHA);
        int cold = minCount(cells, "cold");
        int warm = minCount(cells, "warm");
        if ((cold == 0 || cold >= needed) && (warm == 0 || warm >= needed)) {
            return "";
        }
        List<String> ns = new ArrayList<>();
        if (cold > 0) {
            ns.add(cold + " cold");
        }
        if (warm > 0) {
            ns.add(warm + " warm");
        }
        return " (n = " + String.join(", ", ns) + " per cell: indicative, too few to test.)";
    }

    private static int minCount(List<Cell> cells, String phase) {
        return cells.stream()
                .filter(c -> c.phase().equals(phase))
                .mapToInt(c -> c.duration().count())
                .filter(n -> n > 0)
                .min()
                .orElse(0);
    }

    /** Per pair of variants (from, to): how the change between them moved the first call, Init and warm calls. */
    static String pairs(List<Cell> cells, List<Techniques.Pair> pairs) {
        List<String> parts = new ArrayList<>();
        for (Techniques.Pair pair : pairs) {
            parts.add(pair(cells, pair));
        }
        return sentence(String.join("; ", parts));
    }

    private static String pair(List<Cell> cells, Techniques.Pair pair) {
        String from = pair.from();
        String to = pair.to();
        OptionalInt memory = commonMemory(cells, "cold", from, to);
        if (memory.isEmpty()) {
            return pair.what() + " not compared (no cold start of both " + from + " and " + to + ")";
        }
        int m = memory.getAsInt();
        Cell coldFrom = find(cells, from, m, "cold").orElseThrow();
        Cell coldTo = find(cells, to, m, "cold").orElseThrow();
        String s = String.format(
                Locale.ROOT,
                "%s made the first call %s (%s → %s ms) and Init %s (%s → %s ms)",
                pair.change(),
                faster(coldFrom.duration().p50(), coldTo.duration().p50()),
                Format.whole(coldFrom.duration().p50()),
                Format.whole(coldTo.duration().p50()),
                longer(coldFrom.init().p50(), coldTo.init().p50()),
                Format.whole(coldFrom.init().p50()),
                Format.whole(coldTo.init().p50()));
        Optional<Cell> warmFrom = find(cells, from, m, "warm");
        Optional<Cell> warmTo = find(cells, to, m, "warm");
        if (warmFrom.isPresent() && warmTo.isPresent()) {
            s += ", warm calls "
                    + faster(
                            warmFrom.get().duration().p50(),
                            warmTo.get().duration().p50());
        }
        return s + " at " + m + " MB";
    }

    /** What memory bought: the knee (the smallest size within 5% of the best warm p50) and the largest size. */
    static String sweep(List<Cell> cells, String subject) {
        List<Cell> warm = warmByMemory(cells);
        if (warm.size() < 2) {
            return warm.isEmpty()
                    ? "No warm invocations measured: no speed to compare."
                    : "One size measured (" + warm.get(0).memoryMb() + " MB): nothing to scale against.";
        }
        Cell smallest = warm.get(0);
        double best = warm.stream().mapToDouble(c -> c.duration().p50()).min().orElseThrow();
        // the knee: the smallest size within 5% of the best p50; bigger sizes only add cost
        Cell knee = warm.stream()
                .filter(c -> c.duration().p50() <= best * 1.05)
                .findFirst()
                .orElseThrow();
        String s = bigger("%d MB ran " + subject + " %s than %d MB for %s the cost", knee, smallest);
        Cell largest = warm.get(warm.size() - 1);
        if (largest != knee) {
            s += bigger("; %d MB was %s than %d MB at %s its cost", largest, knee);
        }
        return sentence(s);
    }

    /** A size against a smaller one; the format takes the size, how much faster, the smaller size, the cost ratio. */
    private static String bigger(String format, Cell size, Cell smaller) {
        return String.format(
                Locale.ROOT,
                format,
                size.memoryMb(),
                faster(smaller.duration().p50(), size.duration().p50()),
                smaller.memoryMb(),
                ratio(size.costPerInvocation() / smaller.costPerInvocation()));
    }

    /**
     * The cells against another technique's at the same sizes: the best speed-up up to one vCPU and above it (where
     * more threads than one can run at once).
     */
    static String relative(List<Cell> cells, List<Cell> all, String relativeTo, Techniques.Conclusion words) {
        List<Cell> warm = warmByMemory(cells);
        if (warm.isEmpty()) {
            return "No warm invocations measured: no speed to compare.";
        }
        List<Cell> single = all.stream()
                .filter(c -> c.technique().equals(relativeTo) && c.phase().equals("warm"))
                .toList();
        String subject = words.subject() != null ? words.subject() : "it";
        String relativeSubject = words.relativeSubject() != null ? words.relativeSubject() : relativeTo;
        String relativeName = words.relativeName() != null ? words.relativeName() : relativeTo;
        double bestUpTo = Double.NaN;
        double bestAbove = Double.NaN;
        int sizeAbove = 0;
        for (Cell c : warm) {
            Optional<Cell> one = single.stream()
                    .filter(s -> s.memoryMb() == c.memoryMb() && s.duration().count() > 0)
                    .findFirst();
            if (one.isEmpty()) {
                continue;
            }
            double speedUp = one.get().duration().p50() / c.duration().p50();
            if (c.memoryMb() <= Tables.ONE_VCPU_MB) {
                bestUpTo = Double.isNaN(bestUpTo) ? speedUp : Math.max(bestUpTo, speedUp);
            } else if (Double.isNaN(bestAbove) || speedUp > bestAbove) {
                bestAbove = speedUp;
                sizeAbove = c.memoryMb();
            }
        }
        if (Double.isNaN(bestUpTo) && Double.isNaN(bestAbove)) {
            return sentence(relativeTo + " was not run at these sizes, so there is no " + relativeName
                    + " baseline to compare the " + subject + " with");
        }
        String upTo = Double.isNaN(bestUpTo)
                ? "no size up to " + Tables.ONE_VCPU_MB + " MB measured"
                : subject + " ran at most " + ratio(bestUpTo) + " as fast as " + relativeSubject + " up to "
                        + Tables.ONE_VCPU_MB + " MB (one vCPU)";
        String above = Double.isNaN(bestAbove)
                ? "no size above " + Tables.ONE_VCPU_MB + " MB measured"
                : ratio(bestAbove) + " as fast at " + sizeAbove + " MB";
        return sentence(upTo + ", " + above);
    }

    /** Each variant against the baseline at a memory size both have: cold start (Init + first call) and warm p50. */
    static String variants(List<Cell> cells, String baseline) {
        TreeSet<String> others = new TreeSet<>();
        cells.forEach(c -> others.add(c.variant()));
        if (!others.remove(baseline)) {
            return sentence("No " + baseline + " variant measured to compare with; " + generic(cells));
        }
        if (others.isEmpty()) {
            return sentence("Only " + baseline + " measured: nothing to compare it with");
        }
        List<String> parts = new ArrayList<>();
        for (String other : others) {
            parts.add(versus(cells, baseline, other));
        }
        return sentence("Against " + baseline + ", " + String.join("; ", parts));
    }

    private static String versus(List<Cell> cells, String baseline, String other) {
        OptionalInt memory = commonMemory(cells, null, baseline, other);
        if (memory.isEmpty()) {
            return other + " not compared (no memory size measured for both)";
        }
        int m = memory.getAsInt();
        List<String> what = new ArrayList<>();
        Optional<Cell> coldBase = find(cells, baseline, m, "cold");
        Optional<Cell> coldOther = find(cells, other, m, "cold");
        if (coldBase.isPresent() && coldOther.isPresent()) {
            double before = coldTotal(coldBase.get());
            double after = coldTotal(coldOther.get());
            what.add(String.format(
                    Locale.ROOT,
                    "a cold start (Init + first call) %s (%s → %s ms)",
                    faster(before, after),
                    Format.whole(before),
                    Format.whole(after)));
        } else {
            what.add("no cold start of both");
        }
        Optional<Cell> warmBase = find(cells, baseline, m, "warm");
        Optional<Cell> warmOther = find(cells, other, m, "warm");
        if (warmBase.isPresent() && warmOther.isPresent()) {
            what.add(String.format(
                    Locale.ROOT,
                    "warm calls %s (%s → %s ms)",
                    faster(
                            warmBase.get().duration().p50(),
                            warmOther.get().duration().p50()),
                    Format.ms(warmBase.get().duration().p50()),
                    Format.ms(warmOther.get().duration().p50())));
        } else {
            what.add("no warm calls of both");
        }
        return other + " made " + String.join(" and ", what) + " at " + m + " MB";
    }

    /** A technique the kit does not know (a user's own function): the fastest and slowest variant, or its sizes. */
    static String generic(List<Cell> cells) {
        TreeSet<String> variants = new TreeSet<>();
        cells.forEach(c -> variants.add(c.variant()));
        if (variants.size() > 1) {
            String baseline = variants.contains("default") ? "default" : variants.first();
            return variants(cells, baseline);
        }
        List<Cell> warm = warmByMemory(cells);
        if (warm.size() > 1) {
            return sweep(cells, "it");
        }
        Optional<Cell> cold =
                cells.stream().filter(c -> c.phase().equals("cold")).findFirst();
        String s = "One variant at " + cells.get(0).memoryMb() + " MB: ";
        s += cold.map(c -> "a cold start took Init " + Format.whole(c.init().p50()) + " ms + first call "
                        + Format.whole(c.duration().p50()) + " ms")
                .orElse("no cold start measured");
        s += warm.isEmpty()
                ? ", no warm calls"
                : ", a warm call " + Format.ms(warm.get(0).duration().p50()) + " ms (p50)";
        return s + ".";
    }

    static String recommendations(List<Cell> cells, double weight) {
        List<String> picks = new ArrayList<>();
        Recommendations.groups(cells).forEach((key, group) -> {
            if (group.size() > 1) {
                Cell balanced = Recommendations.picks(group, weight).get(2).cell();
                picks.add(balanced.technique() + ("default".equals(balanced.variant()) ? "" : " " + balanced.variant())
                        + ("x86_64".equals(balanced.architecture()) ? "" : " " + balanced.architecture()) + " "
                        + balanced.memoryMb() + " MB");
            }
        });
        if (picks.isEmpty()) {
            return Recommendations.ONE_SIZE;
        }
        return "Balanced picks (weight " + weight + "): " + String.join(", ", picks) + ".";
    }

    static String cost(List<Cell> cells, Prices prices) {
        Map<String, Double> byTechnique = new TreeMap<>();
        double total = 0;
        for (Cell c : cells) {
            if (c.billed().count() > 0) {
                double cost = c.costPerInvocation() * c.billed().count();
                byTechnique.merge(c.technique(), cost, Double::sum);
                total += cost;
            }
        }
        if (byTechnique.isEmpty()) {
            return "No billed invocations measured.";
        }
        Map.Entry<String, Double> top = byTechnique.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow();
        return String.format(
                Locale.ROOT,
                "This run would have cost $%.6f on AWS in %s; %s took the largest share (%.0f%%).",
                total,
                prices.region(),
                top.getKey(),
                top.getValue() / total * 100);
    }

    /** How often arm64 beat x86_64 on warm p50 and on cost, over the warm cells measured on both. */
    static String architectures(List<Cell> cells) {
        int pairs = 0;
        int faster = 0;
        int cheaper = 0;
        for (Cell arm : cells) {
            if (!arm.phase().equals("warm")
                    || !"arm64".equals(arm.architecture())
                    || arm.duration().count() == 0) {
                continue;
            }
            Optional<Cell> x86 = cells.stream()
                    .filter(c -> c.phase().equals("warm")
                            && "x86_64".equals(c.architecture())
                            && c.technique().equals(arm.technique())
                            && c.variant().equals(arm.variant())
                            && c.memoryMb() == arm.memoryMb()
                            && c.duration().count() > 0)
                    .findFirst();
            if (x86.isPresent()) {
                pairs++;
                faster += arm.duration().p50() < x86.get().duration().p50() ? 1 : 0;
                cheaper += arm.costPerInvocation() < x86.get().costPerInvocation() ? 1 : 0;
            }
        }
        if (pairs == 0) {
            return "No cell was measured on both architectures: nothing to pair.";
        }
        return String.format(
                Locale.ROOT,
                "arm64 was faster than x86_64 in %d of %d warm cells and cheaper in %d.",
                faster,
                pairs,
                cheaper);
    }

    private static double coldTotal(Cell cold) {
        return (Double.isNaN(cold.init().p50()) ? 0 : cold.init().p50())
                + cold.duration().p50();
    }

    private static List<Cell> warmByMemory(List<Cell> cells) {
        return cells.stream()
                .filter(c -> c.phase().equals("warm") && c.duration().count() > 0)
                .sorted(Comparator.comparingInt(Cell::memoryMb))
                .toList();
    }

    /** The largest memory size with cells of both variants (of the phase, or of any phase when null). */
    private static OptionalInt commonMemory(List<Cell> cells, String phase, String a, String b) {
        return cells.stream()
                .filter(c -> phase == null || c.phase().equals(phase))
                .filter(c -> c.variant().equals(a))
                .filter(c -> c.duration().count() > 0)
                .mapToInt(Cell::memoryMb)
                .filter(m -> cells.stream()
                        .anyMatch(c -> c.variant().equals(b)
                                && c.memoryMb() == m
                                && (phase == null || c.phase().equals(phase))
                                && c.duration().count() > 0))
                .max();
    }

    private static Optional<Cell> find(List<Cell> cells, String variant, int memory, String phase) {
        return cells.stream()
                .filter(c -> c.variant().equals(variant)
                        && c.memoryMb() == memory
                        && c.phase().equals(phase)
                        && c.duration().count() > 0)
                .findFirst();
    }

    /** "11x faster" or "1.3x slower": how much quicker {@code after} is than {@code before}. */
    static String faster(double before, double after) {
        if (Double.isNaN(before) || Double.isNaN(after) || before <= 0 || after <= 0) {
            return "not comparable (a value is missing)";
        }
        double r = before / after;
        if (r > 0.99 && r < 1.01) {
            return "no faster"; // within 1%: "1.00x slower" would read as a finding
        }
        return r >= 1 ? ratio(r) + " faster" : ratio(1 / r) + " slower";
    }

    /** "604 ms longer" or "1.2 s shorter": the change from {@code before} to {@code after}. */
    static String longer(double before, double after) {
        if (Double.isNaN(before) || Double.isNaN(after)) {
            return "not comparable (a value is missing)";
        }
        double d = Math.abs(after - before);
        String amount = d >= 1000 ? String.format(Locale.ROOT, "%.1f s", d / 1000) : Format.whole(d) + " ms";
        return amount + (after >= before ? " longer" : " shorter");
    }

    /** Two significant figures at most: 1.07x, 6.5x, 11x. */
    static String ratio(double r) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            return "?x";
        }
        return (r >= 10
                        ? String.format(Locale.ROOT, "%.0f", r)
                        : r >= 2 ? String.format(Locale.ROOT, "%.1f", r) : String.format(Locale.ROOT, "%.2f", r))
                + "x";
    }

    private static String sentence(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1) + (s.endsWith(".") ? "" : ".");
    }
}
