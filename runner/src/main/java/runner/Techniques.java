package runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the runner knows of the kit's techniques: scripts/lib/techniques.json, generated with template.yaml by
 * kit-checks' TemplateGenerator. Nothing here names a technique: a new one needs no change.
 */
final class Techniques {
    record Technique(
            String name,
            List<Integer> memorySizes,
            List<Integer> localMemorySizes,
            boolean runsLocally,
            String awsOnlyBecause,
            boolean listsBucket,
            boolean comparesColdStarts,
            String roundRobinGroup,
            Map<String, String> aliasByVariant,
            List<String> functionIds,
            Map<String, Integer> provisionedByVariant,
            Map<String, Integer> warmByTarget) {

        /** The registry's warm calls after each cold start on a target (local, aws), or the runner's default. */
        int warm(String target, int otherwise) {
            return warmByTarget.getOrDefault(target, otherwise);
        }

        /** The alias SAM publishes a variant's versions under (a SnapStart variant), or "" when none. */
        String alias(String variant) {
            return aliasByVariant.getOrDefault(variant, "");
        }

        /** The provisioned environments a run allocates on each version of a variant it publishes (0: none). */
        int provisioned(String variant) {
            return provisionedByVariant.getOrDefault(variant, 0);
        }
    }

    private final List<Technique> all;

    Techniques(List<Technique> all) {
        this.all = List.copyOf(all);
    }

    static Techniques read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Technique> list = new ArrayList<>();
        for (JsonNode t : root.path("techniques")) {
            Map<String, String> aliases = new LinkedHashMap<>();
            Map<String, Integer> provisioned = new LinkedHashMap<>();
            for (JsonNode v : t.path("variants")) {
                if (v.hasNonNull("alias")) {
                    aliases.put(v.path("name").asText(), v.path("alias").asText());
                }
                if (v.path("provisionedConcurrency").asInt(0) > 0) {
                    provisioned.put(v.path("name").asText(), v.path("provisionedConcurrency").asInt());
                }
            }
            List<String> ids = new ArrayList<>();
            t.path("functions").forEach(f -> ids.add(f.path("logicalId").asText()));
            list.add(new Technique(
                    t.path("name").asText(),
                    ints(t.path("memorySizes")),
                    ints(t.path("localMemorySizes")),
                    t.path("runsLocally").asBoolean(),
                    t.hasNonNull("awsOnlyBecause") ? t.path("awsOnlyBecause").asText() : null,
                    t.path("listsBucket").asBoolean(),
                    t.path("comparesColdStarts").asBoolean(),
                    t.path("roundRobinGroup").asText(t.path("name").asText()),
                    aliases,
                    ids,
                    provisioned,
                    warmCounts(t.path("counts"))));
        }
        return new Techniques(list);
    }

    private static Map<String, Integer> warmCounts(JsonNode counts) {
        Map<String, Integer> warm = new LinkedHashMap<>();
        for (String target : List.of("local", "aws")) {
            if (counts.path(target).path("warm").isInt()) {
                warm.put(target, counts.path(target).path("warm").asInt());
            }
        }
        return warm;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    List<Technique> all() {
        return all;
    }

    Optional<Technique> named(String name) {
        return all.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    Technique get(String name) {
        return named(name).orElseThrow(() -> new IllegalArgumentException("unknown technique " + name));
    }

    List<String> names() {
        return all.stream().map(Technique::name).toList();
    }

    List<String> localNames() {
        return all.stream().filter(Technique::runsLocally).map(Technique::name).toList();
    }

    List<String> awsOnlyNames() {
        return all.stream().filter(t -> !t.runsLocally()).map(Technique::name).toList();
    }

    List<String> comparingColdStarts() {
        return all.stream()
                .filter(Technique::comparesColdStarts)
                .map(Technique::name)
                .toList();
    }

    /** A group's place: the position of its first technique in the file (the talk's order). */
    int groupOrder(String group) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).roundRobinGroup().equals(group)) {
                return i;
            }
        }
        return all.size();
    }

    /** The local default sizes in words, e.g. "a, b at 128,...,3008; c, d at 1024" (most sizes first). */
    String localSizesText() {
        Map<String, List<String>> byList = new LinkedHashMap<>();
        for (Technique t : all) {
            if (t.runsLocally()) {
                byList.computeIfAbsent(join(t.localMemorySizes()), k -> new ArrayList<>())
                        .add(t.name());
            }
        }
        return byList.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getKey().split(",").length, a.getKey().split(",").length))
                .map(e -> String.join(", ", e.getValue()) + " at " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    static String join(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
