package report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * report RUN_DIR [--region R] [--weight W] | report --compare RUN_A RUN_B | report stats [--by-key] [STATISTIC ...].
 * Writes RUN_DIR/report/ (tables.md, cells.csv, cells.json, charts/*.svg, report.html) and prints the tables; stats
 * prints statistics of the numbers on stdin ({@link StatsCommand}). Bad input: one line on stderr, exit 2.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("report: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("report: could not read or write: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) throws IOException {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(
                    "usage: report RUN_DIR [--region R] [--weight 0..1]\n       report --compare RUN_A RUN_B [--region R]"
                            + "\n       report stats [--by-key] [count|median|p10|p50|p90|min|max|mean ...] < numbers");
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("stats")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return StatsCommand.run(Arrays.asList(args).subList(1, args.length), in, System.out);
        }
        String region = null;
        double weight = Double.NaN; // not given: 0.5, or a tuning run's own (TuneReport.weight)
        List<String> positional = new ArrayList<>();
        boolean compare = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--compare" -> compare = true;
                case "--region" -> region = value(args, ++i, "--region");
                case "--weight" -> {
                    try {
                        weight = Double.parseDouble(value(args, ++i, "--weight"));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--weight takes a number from 0 (speed) to 1 (cost)");
                    }
                    if (weight < 0 || weight > 1) {
                        throw new IllegalArgumentException("--weight takes a number from 0 (speed) to 1 (cost)");
                    }
                }
                default -> positional.add(args[i]);
            }
        }
        Prices prices = Prices.load(region);
        if (compare) {
            if (positional.size() != 2) {
                throw new IllegalArgumentException("--compare takes two run folders");
            }
            return compare(Path.of(positional.get(0)), Path.of(positional.get(1)), prices);
        }
        if (positional.size() != 1) {
            throw new IllegalArgumentException("give one run folder, e.g. results/<run-id>");
        }
        return report(Path.of(positional.get(0)), prices, weight);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static String facts(RunData run) {
        return RunFacts.of(run);
    }

    static int report(Path dir, Prices prices, double weight) throws IOException {
        RunData run = RunData.load(dir);
        weight = TuneReport.weight(run, weight);
        if (run.totalLines() == 0) {
            throw new IllegalArgumentException("no REPORT lines under " + dir.resolve("raw") + ": nothing to report");
        }
        List<Cell> cells = Cells.of(run, prices);
        List<Section> sections = TuneReport.isTune(run)
                ? TuneReport.sections(run, cells, prices, weight)
                : Story.of(run, cells, prices, weight);
        List<String> warnings = new ArrayList<>();
        if (!"complete".equals(run.fact("status"))) {
            warnings.add("This run did not complete (status " + run.fact("status")
                    + "): the tables show what was collected.");
        }
        Calibration.of(run.run)
                .filter(Calibration::drifted)
                .ifPresent(c -> warnings.add("The " + c.driftWarning()
                        + ": the same work timed on this host changed by that much, so differences of that size between cells "
                        + "are not the functions' own."));
        Path out = dir.resolve("report");
        Path charts = out.resolve("charts");
        Files.createDirectories(charts);
        // charts of an earlier build of the report may have other names: only this build's charts stay
        try (var old = Files.list(charts)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".svg")).toList()) {
                Files.delete(p);
            }
        }
        for (Section section : sections) {
            for (Section.Chart chart : section.charts()) {
                Files.writeString(charts.resolve(chart.file()), chart.svg(), StandardCharsets.UTF_8);
            }
        }
        String facts = facts(run);

        StringBuilder md = new StringBuilder("# Lambda Tuning Kit: run " + run.fact("runId") + "\n\n");
        warnings.forEach(w -> md.append("> **Warning:** ").append(w).append("\n\n"));
        for (Section section : sections) {
            md.append(section.markdown(facts));
        }
        Files.writeString(out.resolve("tables.md"), md, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("cells.csv"), csv(cells), StandardCharsets.UTF_8);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("cells.json").toFile(), cells);
        Files.writeString(
                out.resolve("report.html"),
                Html.page(
                        "Lambda Tuning Kit: run " + run.fact("runId"),
                        facts,
                        warnings,
                        sections,
                        TalkFigures.load().source()),
                StandardCharsets.UTF_8);
        if (TuneReport.isTune(run)) {
            TuneReport.writePowerTuning(out, run, cells, weight);
        }
        System.out.print(md);
        System.out.println("report: " + out.resolve("report.html"));
        return 0;
    }

    static String csv(List<Cell> cells) {
        StringBuilder csv =
                new StringBuilder("technique,variant,memoryMB,architecture,phase,function,codeSize,count,errors,"
                        + "durationP50,durationP90,durationMin,durationMax,durationTrimmedMean,initP50,billedP50,maxMemoryMax,"
                        + "costPerInvocation,durationP10\n");
        for (Cell c : cells) {
            csv.append(String.join(
                            ",",
                            c.technique(),
                            c.variant(),
                            Integer.toString(c.memoryMb()),
                            c.architecture(),
                            c.phase(),
                            c.function(),
                            Long.toString(c.codeSize()),
                            Integer.toString(c.duration().count()),
                            Integer.toString(c.failures()),
                            num(c.duration().p50()),
                            num(c.duration().p90()),
                            num(c.duration().min()),
                            num(c.duration().max()),
                            num(c.duration().trimmedMean()),
                            num(c.init().p50()),
                            num(c.billed().p50()),
                            num(c.maxMemory().max()),
                            String.format(Locale.ROOT, "%.10f", c.costPerInvocation()),
                            num(c.duration().p10())))
                    .append("\n");
        }
        return csv.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    static int compare(Path a, Path b, Prices prices) throws IOException {
        RunData before = RunData.load(a);
        RunData after = RunData.load(b);
        HostGap gap = new HostGap(Calibration.of(before.run), Calibration.of(after.run));
        Techniques registry = Techniques.ofKit();
        List<Compare.Change> changes = Compare.changes(
                Cells.of(before, prices),
                Cells.of(after, prices),
                gap,
                c -> registry.waitMs(c.technique(), c.variant()));
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("the two runs share no cell (technique/variant/memory/arch/phase)");
        }
        Table table = Compare.table(
                a.getFileName().toString(),
                b.getFileName().toString(),
                changes,
                gap.note(a.getFileName().toString(), b.getFileName().toString()));
        System.out.print(table.markdown(facts(before) + " → " + facts(after)));
        return 0;
    }
}
