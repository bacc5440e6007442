package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the issue asks of the template, checked on the parsed file rather than on the generator's table. */
class TemplateCoverageTest {
    private static final List<Integer> CPU_SWEEP = List.of(128, 256, 512, 1024, 1536, 1769, 2048, 3008);

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> function) {
        Map<String, Object> environment = (Map<String, Object>) function.get("Environment");
        return environment == null ? Map.of() : (Map<String, String>) (Map<?, ?>) environment.get("Variables");
    }

    @Test
    void scaleUpAndParallelCoverEveryMemorySize() throws Exception {
        Map<String, Map<String, Object>> functions = Kit.functions();
        for (String technique : List.of("ScaleUp", "Parallel")) {
            for (int memory : CPU_SWEEP) {
                Map<String, Object> function = functions.get(technique + memory + "Function");
                assertTrue(function != null, technique + memory + "Function is missing");
                assertEquals(memory, function.get("MemorySize"));
            }
        }
    }

    @Test
    void everyTechniqueIsDeclaredAtTwoOrMoreSizesOrIsSnapStart() throws Exception {
        Map<String, Set<Object>> sizes = new TreeMap<>();
        for (Map<String, Object> function : Kit.functions().values()) {
            String key =
                    env(function).get("KIT_TECHNIQUE") + "/" + env(function).get("KIT_VARIANT");
            sizes.computeIfAbsent(key, k -> new TreeSet<>()).add(function.get("MemorySize"));
        }
        Set<String> techniques = new TreeSet<>();
        sizes.keySet().forEach(k -> techniques.add(k.substring(0, k.indexOf('/'))));
        // one name per technique everywhere: every events/<technique>.json has functions, every function an event
        Set<String> events = new TreeSet<>();
        try (var files = Files.list(Kit.ROOT.resolve("events"))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .forEach(n -> events.add(n.substring(0, n.length() - ".json".length())));
        }
        assertTrue(events.size() >= 7, "events/ holds the talk's techniques: " + events);
        assertEquals(events, techniques);
        sizes.forEach((key, memory) -> assertTrue(
                key.startsWith("snapstart/") || memory.size() >= 2,
                key + " needs a spread of memory sizes, has " + memory));
    }

    @Test
    void everyFunctionHasItsEventItsModuleAndItsHandlerClass() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : Kit.functions().entrySet()) {
            Map<String, Object> function = entry.getValue();
            String technique = env(function).get("KIT_TECHNIQUE");
            if (!Files.isRegularFile(Kit.ROOT.resolve("events").resolve(technique + ".json"))) {
                problems.add(entry.getKey() + ": no events/" + technique + ".json");
            }
            Path module = Kit.ROOT.resolve((String) function.get("CodeUri"));
            if (!Files.isRegularFile(module.resolve("pom.xml"))) {
                problems.add(entry.getKey() + ": no pom.xml in " + module);
            }
            String handlerClass = ((String) function.get("Handler")).split("::")[0];
            Path source = module.resolve("src/main/java").resolve(handlerClass.replace('.', '/') + ".java");
            if (!Files.isRegularFile(source)) {
                problems.add(entry.getKey() + ": handler source " + source + " missing");
            }
            if (!entry.getKey().startsWith(camel(technique))) {
                problems.add(
                        entry.getKey() + ": logical id does not start with the technique's name " + camel(technique));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static String camel(String technique) {
        return Registry.ofKit().techniques().stream()
                .filter(t -> t.name().equals(technique))
                .findFirst()
                .orElseThrow(() -> new AssertionError(technique + " is not in techniques.json"))
                .idPrefix();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionHasItsOwnRoleAndLogGroupWithRetention() throws Exception {
        Map<String, Object> resources = (Map<String, Object>) Kit.template().get("Resources");
        Set<Object> roles = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> entry : Kit.functions().entrySet()) {
            String prefix = entry.getKey().replaceFirst("Function$", "");
            Map<String, Object> role = (Map<String, Object>) entry.getValue().get("Role");
            assertEquals(List.of(prefix + "Role", "Arn"), role.get("Fn::GetAtt"), entry.getKey() + " role");
            assertTrue(roles.add(prefix), "role shared");
            Map<String, Object> logGroup = (Map<String, Object>) resources.get(prefix + "LogGroup");
            assertEquals("AWS::Logs::LogGroup", logGroup.get("Type"));
            Map<String, Object> properties = (Map<String, Object>) logGroup.get("Properties");
            assertTrue(properties.containsKey("RetentionInDays"), prefix + "LogGroup has no retention");
            Map<String, Object> logging = (Map<String, Object>) entry.getValue().get("LoggingConfig");
            assertEquals(Map.of("Ref", prefix + "LogGroup"), logging.get("LogGroup"));
        }
    }

    @Test
    void noIamStatementGrantsEveryResource() throws Exception {
        List<String> wildcards = new ArrayList<>();
        walk(Kit.template().get("Resources"), "", wildcards);
        assertTrue(wildcards.isEmpty(), "IAM statements with Resource '*':\n" + String.join("\n", wildcards));
        assertFalse(Kit.functions().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, String path, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            Object resource = map.get("Resource");
            if (map.containsKey("Effect")
                    && "Allow".equals(map.get("Effect"))
                    && (("*").equals(resource) || (resource instanceof List<?> l && l.contains("*")))) {
                found.add(path);
            }
            ((Map<String, Object>) map).forEach((k, v) -> walk(v, path + "/" + k, found));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
        }
    }
}
