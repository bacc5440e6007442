package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the report knows of each technique, read from the registry (techniques.json at the kit's root, the file the
 * template generator and the scripts read too): the order of the sections, each one's title and note, how its table
 * compares (variants at one size, a memory sweep, or relative to another technique's cells), its columns, its conclusion,
 * its talk figures and its charts. A technique the registry does not list (a user's own function) gets the generic
 * section. No technique is named in the report's code: everything particular to one is in its entry.
 */
final class Techniques {
    /** The system property naming the registry file; scripts/report.sh sets it to the kit's techniques.json. */
    static final String PROPERTY = "kit.techniques";

    /** How a technique's table compares its cells. */
    enum Compare {
        /** One row per variant and memory size: the variants side by side. */
        VARIANTS,
        /** One row per memory size of the warm cells: what memory buys. */
        SWEEP,
        /** One row per memory size, beside another technique's warm cell at that size. */
        RELATIVE
    }

    /** One column of a table: its header and the value it shows ({@link Tables#COLUMNS}, or payload.FIELD). */
    record Column(String header, String value) {}

    /**
     * One pair of variants a conclusion compares: what differs, and the change from one to the other, as the sentence
     * names them ("the sleep", "moving the sleep out of the handler").
     */
    record Pair(String from, String to, String what, String change) {}

    /**
     * A conclusion: its kind (baseline, pairs, sweep, relative or generic) and the words the sentence needs: the pairs,
     * what the sweep runs ("the single thread"), what runs against what ("threads" against "one thread", whose baseline
     * is the "single-thread" one).
     */
    record Conclusion(String kind, List<Pair> pairs, String subject, String relativeSubject, String relativeName) {}

    /** One technique's entry. */
    record Entry(
            String name,
            String title,
            String question,
            String note,
            String baseline,
            Compare compare,
            String relativeTo,
            String relativeLabel,
            List<Column> columns,
            Conclusion conclusion,
            String talkFigures,
            List<String> charts,
            Map<String, Double> waitMs) {}

    static final String GENERIC_NOTE =
            "p50 of each cell; Init is the Init Duration of cold starts; cost per 1M is for warm invocations.";

    static final List<String> ALL_CHARTS = List.of("cold", "duration", "cost", "warm");

    private final Map<String, Entry> entries;

    private Techniques(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The registry of the kit this report belongs to; none (every technique generic) when there is none to find. */
    static Techniques ofKit() {
        Optional<Path> file = locate();
        if (file.isEmpty()) {
            return new Techniques(Map.of());
        }
        try {
            return parse(Files.readString(file.get()));
        } catch (IOException e) {
            throw new IllegalStateException(file.get() + " unreadable: " + e.getMessage(), e);
        }
    }

    /** -Dkit.techniques, else techniques.json beside a pom.xml in the working folder, above it, or above this jar. */
    static Optional<Path> locate() {
        String property = System.getProperty(PROPERTY);
        if (property != null) {
            return Optional.of(Path.of(property));
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(Techniques.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code location to start from: the working folder is all there is
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("techniques.json")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return Optional.of(p.resolve("techniques.json"));
                }
            }
        }
        return Optional.empty();
    }

    static Techniques parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        List<String> defaultCharts = strings(root.path("defaults").path("charts"), ALL_CHARTS);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (JsonNode t : root.path("techniques")) {
            Entry e = entry(t, defaultCharts);
            entries.put(e.name(), e);
        }
        for (Entry e : entries.values()) {
            if (e.compare() == Compare.RELATIVE && !entries.containsKey(e.relativeTo())) {
                throw new IllegalStateException(
                        "techniques.json: " + e.name() + " is relative to an unknown technique: " + e.relativeTo());
            }
        }
        return new Techniques(entries);
    }

    private static Entry entry(JsonNode t, List<String> defaultCharts) {
        String name = t.path("name").asText();
        JsonNode table = t.path("table");
        Compare compare =
                Compare.valueOf(table.path("compare").asText("variants").toUpperCase(Locale.ROOT));
        String relativeTo = text(table, "relativeTo");
        if (compare == Compare.RELATIVE && relativeTo == null) {
            throw new IllegalStateException("techniques.json: " + name + " compares relative to no technique");
        }
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : table.path("columns")) {
            Column column =
                    new Column(c.path("header").asText(), c.path("value").asText());
            if (!Tables.isColumn(column.value())) {
                throw new IllegalStateException(
                        "techniques.json: " + name + " has a column of unknown value '" + column.value() + "'");
            }
            columns.add(column);
        }
        String baseline = text(t, "baseline");
        JsonNode c = t.path("conclusion");
        List<Pair> pairs = new ArrayList<>();
        c.path("pairs")
                .forEach(p -> pairs.add(new Pair(
                        p.path("from").asText(),
                        p.path("to").asText(),
                        p.path("what").asText(),
                        p.path("change").asText())));
        Conclusion conclusion = new Conclusion(
                c.path("kind").asText(baseline != null ? "baseline" : "generic"),
                pairs,
                text(c, "subject"),
                text(c, "relativeSubject"),
                text(c, "relativeName"));
        List<String> charts = strings(t.path("charts"), defaultCharts);
        // what the host's speed cannot move: --compare allows a slower host to slow only the rest of the Duration
        Map<String, Double> waitMs = new LinkedHashMap<>();
        for (JsonNode v : t.path("variants")) {
            JsonNode wait = v.path("waitMs");
            if (wait.isMissingNode() || wait.isNull()) {
                continue;
            }
            if (!wait.isNumber() || wait.asDouble() < 0) {
                throw new IllegalStateException("techniques.json: " + name + " variant "
                        + v.path("name").asText() + " has a waitMs that is not a number of ms ≥ 0: " + wait);
            }
            waitMs.put(v.path("name").asText(), wait.asDouble());
        }
        return new Entry(
                name,
                text(t, "title"),
                text(t, "question"),
                text(t, "note"),
                baseline,
                compare,
                relativeTo,
                text(table, "relativeLabel"),
                columns,
                conclusion,
                text(t, "talkFigures"),
                charts,
                Map.copyOf(waitMs));
    }

    /** A technique's entry; a technique the registry does not list gets the generic one. */
    Entry entry(String technique) {
        Entry e = entries.get(technique);
        return e != null ? e : generic(technique);
    }

    static Entry generic(String technique) {
        return new Entry(
                technique,
                null,
                null,
                null,
                null,
                Compare.VARIANTS,
                null,
                null,
                List.of(),
                new Conclusion("generic", List.of(), null, null, null),
                null,
                ALL_CHARTS,
                Map.of());
    }

    /** The ms of every Duration of the variant spent waiting (its registry entry's waitMs); 0 when it declares none. */
    double waitMs(String technique, String variant) {
        return entry(technique).waitMs().getOrDefault(variant, 0.0);
    }

    /** The techniques of a run in the order the report tells them: the registry's, then the others alphabetically. */
    List<String> order(Collection<String> techniques) {
        List<String> ordered = new ArrayList<>(
                entries.keySet().stream().filter(techniques::contains).toList());
        ordered.addAll(new TreeSet<>(
                techniques.stream().filter(t -> !entries.containsKey(t)).toList()));
        return ordered;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static List<String> strings(JsonNode array, List<String> otherwise) {
        if (!array.isArray()) {
            return otherwise;
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
