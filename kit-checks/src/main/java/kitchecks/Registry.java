package kitchecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The registry of techniques, techniques.json at the kit's root: the one hand-edited file the template, the scripts
 * (through the generated scripts/lib/techniques.json) and the report read. This class reads what the template and the
 * runner need of it and checks that the entries hold together; the report reads its own part (report.Techniques).
 */
public final class Registry {
    /** A technique's name: lowercase words joined by single dashes, as in events/NAME.json and functions/NAME/. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** The variant of a technique that has only one and names none; it adds nothing to a logical id. */
    static final String UNNAMED_VARIANT = "default";

    /**
     * One deployable variant of a technique: its handler, code folder and the environment that sets it apart;
     * provisionedConcurrency: the environments a run allocates on each version it publishes (0: on demand only).
     */
    record Variant(
            String name,
            String codeUri,
            String handlerClass,
            Map<String, String> environment,
            String description,
            boolean snapStart,
            int provisionedConcurrency) {
        /** Invoked through versions published per cold start (and the alias SAM publishes them under). */
        boolean publishesVersions() {
            return snapStart || provisionedConcurrency > 0;
        }

        String handler() {
            return handlerClass + "::handleRequest";
        }

        /** What the variant adds to a logical id: nothing for the unnamed one. */
        String idPart() {
            return name.equals(UNNAMED_VARIANT) ? "" : name;
        }
    }

    /** How many cold starts per function, and warm calls after each, a run makes by default. */
    record Counts(int cold, int warm) {}

    /** A technique as the template and the runner see it. */
    record Technique(
            String name,
            String idPrefix,
            List<Variant> variants,
            List<Integer> memorySizes,
            List<Integer> localMemorySizes,
            boolean listsBucket,
            String awsOnlyBecause,
            String relativeTo,
            Counts localCounts,
            Counts awsCounts) {
        /** A local run forces more cold starts of the techniques whose tables compare them. */
        boolean comparesColdStarts() {
            return localCounts.cold() > 1;
        }
    }

    private final List<Technique> techniques;

    private Registry(List<Technique> techniques) {
        this.techniques = List.copyOf(techniques);
    }

    List<Technique> techniques() {
        return techniques;
    }

    /** The registry of the kit at {@code root} (its techniques.json). */
    public static Registry load(Path root) throws IOException {
        return parse(Files.readString(root.resolve("techniques.json")));
    }

    /** The kit's own registry: under the system property kit.root, else the working folder or its parent. */
    static Registry ofKit() {
        try {
            return load(kitRoot());
        } catch (IOException e) {
            throw new IllegalStateException("techniques.json unreadable: " + e.getMessage(), e);
        }
    }

    static Path kitRoot() {
        String property = System.getProperty("kit.root");
        if (property != null) {
            return Path.of(property);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("techniques.json")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no techniques.json in " + here + " or above it");
    }

    static Registry parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode defaults = root.path("defaults").path("counts");
        List<Technique> techniques = new ArrayList<>();
        for (JsonNode t : root.path("techniques")) {
            String name = text(t, "name");
            List<Variant> variants = new ArrayList<>();
            for (JsonNode v : t.path("variants")) {
                Map<String, String> env = new TreeMap<>();
                v.path("environment")
                        .fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                variants.add(new Variant(
                        text(v, "name"),
                        text(v, "codeUri"),
                        text(v, "handlerClass"),
                        env,
                        text(v, "description"),
                        v.path("snapStart").asBoolean(false),
                        v.path("provisionedConcurrency").asInt(0)));
            }
            JsonNode counts = t.path("counts");
            techniques.add(new Technique(
                    name,
                    t.hasNonNull("idPrefix") ? t.get("idPrefix").asText() : camelCase(name),
                    variants,
                    ints(t.path("sizes").path("all")),
                    ints(t.path("sizes").path("local")),
                    t.path("listsBucket").asBoolean(false),
                    t.hasNonNull("awsOnlyBecause") ? t.get("awsOnlyBecause").asText() : null,
                    t.path("table").hasNonNull("relativeTo")
                            ? t.path("table").get("relativeTo").asText()
                            : null,
                    counts(counts.path("local"), defaults.path("local")),
                    counts(counts.path("aws"), defaults.path("aws"))));
        }
        Registry registry = new Registry(techniques);
        registry.check();
        return registry;
    }

    /** What makes the generated files wrong or the report unable to tell a technique, said before anything is written. */
    private void check() {
        List<String> problems = new ArrayList<>();
        List<String> names = techniques.stream().map(Technique::name).toList();
        for (Technique t : techniques) {
            if (!NAME.matcher(t.name()).matches()) {
                problems.add(t.name() + ": not a technique name (lowercase words joined by dashes)");
            }
            if (names.indexOf(t.name()) != names.lastIndexOf(t.name())) {
                problems.add(t.name() + ": listed twice");
            }
            if (t.variants().isEmpty() || t.memorySizes().isEmpty()) {
                problems.add(t.name() + ": needs variants and sizes.all");
            }
            if (!t.memorySizes().containsAll(t.localMemorySizes())) {
                problems.add(t.name() + ": a local size is not deployed: " + t.localMemorySizes() + " vs "
                        + t.memorySizes());
            }
            if ((t.awsOnlyBecause() == null) == t.localMemorySizes().isEmpty()) {
                problems.add(t.name() + ": a technique runs locally (sizes.local) or says awsOnlyBecause, not both");
            }
            if (t.relativeTo() != null && !names.contains(t.relativeTo())) {
                problems.add(t.name() + ": relativeTo names no technique: " + t.relativeTo());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("techniques.json: " + String.join("; ", problems));
        }
    }

    /**
     * The functions of one table are invoked round-robin as one group: a technique and those whose tables are relative
     * to its cells (or to theirs), named by its members in the registry's order joined with '+'.
     */
    String roundRobinGroup(Technique technique) {
        Map<String, String> root = new LinkedHashMap<>();
        for (Technique t : techniques) {
            root.put(t.name(), t.name());
        }
        for (Technique t : techniques) {
            if (t.relativeTo() != null) {
                root.put(find(root, t.name()), find(root, t.relativeTo()));
            }
        }
        String mine = find(root, technique.name());
        List<String> members = techniques.stream()
                .map(Technique::name)
                .filter(n -> find(root, n).equals(mine))
                .toList();
        return String.join("+", members);
    }

    private static String find(Map<String, String> root, String name) {
        String r = name;
        while (!root.get(r).equals(r)) {
            r = root.get(r);
        }
        return r;
    }

    static String camelCase(String dashed) {
        StringBuilder out = new StringBuilder();
        for (String part : dashed.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private static Counts counts(JsonNode node, JsonNode fallback) {
        return new Counts(
                node.path("cold").asInt(fallback.path("cold").asInt(1)),
                node.path("warm").asInt(fallback.path("warm").asInt(3)));
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalStateException("techniques.json: '" + field + "' missing in " + node);
        }
        return value.asText();
    }
}
