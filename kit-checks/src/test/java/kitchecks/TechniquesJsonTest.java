package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * scripts/lib/techniques.json is what run-experiments.sh believes about the template: checked here against the parsed
 * template.yaml, not against the generator's table, so that the two files cannot tell different stories.
 */
class TechniquesJsonTest {
    private static JsonNode techniques() throws Exception {
        return new ObjectMapper().readTree(TemplateGenerator.techniquesJson()).path("techniques");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> function) {
        Map<String, Object> environment = (Map<String, Object>) function.get("Environment");
        return (Map<String, String>) (Map<?, ?>) environment.get("Variables");
    }

    @Test
    void everyFunctionOfTheTemplateIsListedWithItsTechniqueVariantAndSize() throws Exception {
        Map<String, Map<String, Object>> functions = Kit.functions();
        Set<String> listed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode technique : techniques()) {
            for (JsonNode f : technique.path("functions")) {
                String id = f.path("logicalId").asText();
                listed.add(id);
                Map<String, Object> function = functions.get(id);
                if (function == null) {
                    problems.add(id + " is not in template.yaml");
                    continue;
                }
                if (!technique.path("name").asText().equals(env(function).get("KIT_TECHNIQUE"))
                        || !f.path("variant").asText().equals(env(function).get("KIT_VARIANT"))
                        || f.path("memoryMB").asInt() != ((Number) function.get("MemorySize")).intValue()) {
                    problems.add(id + ": " + f + " vs the template's " + env(function) + " at "
                            + function.get("MemorySize"));
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(functions.keySet(), listed, "template.yaml's functions vs techniques.json's");
    }

    @Test
    void sizesAreTheDeployedOnesAndTheLocalOnesAreAmongThem() throws Exception {
        for (JsonNode technique : techniques()) {
            Set<Integer> deployed = new TreeSet<>();
            technique
                    .path("functions")
                    .forEach(f -> deployed.add(f.path("memoryMB").asInt()));
            Set<Integer> sizes = new TreeSet<>();
            technique.path("memorySizes").forEach(m -> sizes.add(m.asInt()));
            Set<Integer> local = new TreeSet<>();
            technique.path("localMemorySizes").forEach(m -> local.add(m.asInt()));
            String name = technique.path("name").asText();
            assertEquals(deployed, sizes, name);
            assertTrue(sizes.containsAll(local), name + ": local sizes " + local + " are not all deployed " + sizes);
            assertEquals(
                    technique.path("runsLocally").asBoolean(),
                    !local.isEmpty(),
                    name + ": a technique that runs locally has local default sizes, one that does not has none");
        }
    }

    @Test
    void snapStartVariantsAreTheOnesWithThePublishedAlias() throws Exception {
        Map<String, Map<String, Object>> functions = Kit.functions();
        for (JsonNode technique : techniques()) {
            for (JsonNode variant : technique.path("variants")) {
                for (JsonNode f : technique.path("functions")) {
                    if (!f.path("variant").asText().equals(variant.path("name").asText())) {
                        continue;
                    }
                    Map<String, Object> function =
                            functions.get(f.path("logicalId").asText());
                    assertEquals(variant.path("snapStart").asBoolean(), function.containsKey("SnapStart"), f::toString);
                    assertEquals(
                            variant.path("alias").isNull()
                                    ? null
                                    : variant.path("alias").asText(),
                            function.get("AutoPublishAlias"),
                            f::toString);
                }
            }
        }
    }

    @Test
    void techniquesThatListTheBucketAreTheOnesGivenItsName() throws Exception {
        Map<String, Map<String, Object>> functions = Kit.functions();
        for (JsonNode technique : techniques()) {
            for (JsonNode f : technique.path("functions")) {
                assertEquals(
                        technique.path("listsBucket").asBoolean(),
                        env(functions.get(f.path("logicalId").asText())).containsKey("BUCKET_NAME"),
                        f::toString);
            }
        }
    }

    @Test
    void everyTechniqueHasItsEvent() throws Exception {
        for (JsonNode technique : techniques()) {
            String name = technique.path("name").asText();
            assertTrue(
                    Files.isRegularFile(Kit.ROOT.resolve("events").resolve(name + ".json")),
                    "no events/" + name + ".json");
        }
    }
}
