package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the generator derives from a registry entry, on registries written here rather than the kit's own. */
class RegistryTest {
    private static String entry(String name, String extra) {
        return """
                {"name": "%s", "variants": [{"name": "default", "codeUri": "functions/%s", "handlerClass": "a.B",
                 "description": "d"}], "sizes": {"all": [256, 1024], "local": [1024]}%s}""".formatted(name, name, extra);
    }

    private static Registry registry(String... entries) throws Exception {
        return Registry.parse(
                "{\"defaults\": {\"counts\": {\"local\": {\"cold\": 1, \"warm\": 3}, \"aws\": {\"cold\": 3,"
                        + " \"warm\": 10}}}, \"techniques\": [" + String.join(",", entries) + "]}");
    }

    @Test
    void techniquesRelativeToAnotherShareItsRoundRobinGroupInRegistryOrder() throws Exception {
        Registry r = registry(
                entry("alpha", ""),
                entry("beta", ", \"table\": {\"relativeTo\": \"gamma\"}"),
                entry("gamma", ""),
                entry("delta", ", \"table\": {\"relativeTo\": \"beta\"}"));
        List<String> groups = r.techniques().stream().map(r::roundRobinGroup).toList();
        assertEquals(List.of("alpha", "beta+gamma+delta", "beta+gamma+delta", "beta+gamma+delta"), groups);
    }

    @Test
    void countsFallBackToTheDefaultsAndMoreThanOneLocalColdStartMeansTheTableComparesThem() throws Exception {
        Registry r = registry(entry("alpha", ""), entry("beta", ", \"counts\": {\"local\": {\"cold\": 4}}"));
        Registry.Technique alpha = r.techniques().get(0);
        Registry.Technique beta = r.techniques().get(1);
        assertEquals(new Registry.Counts(1, 3), alpha.localCounts());
        assertEquals(new Registry.Counts(3, 10), alpha.awsCounts());
        assertFalse(alpha.comparesColdStarts());
        assertEquals(new Registry.Counts(4, 3), beta.localCounts());
        assertTrue(beta.comparesColdStarts());
        assertEquals("Alpha", alpha.idPrefix());
        assertEquals("", alpha.variants().get(0).idPart(), "the unnamed variant adds nothing to a logical id");
    }

    @Test
    void entriesThatCannotBeGeneratedAreRefusedWithTheirName() {
        IllegalStateException twice =
                assertThrows(IllegalStateException.class, () -> registry(entry("alpha", ""), entry("alpha", "")));
        assertTrue(twice.getMessage().contains("alpha: listed twice"), twice.getMessage());
        IllegalStateException relative = assertThrows(
                IllegalStateException.class, () -> registry(entry("alpha", ", \"table\": {\"relativeTo\": \"zeta\"}")));
        assertTrue(relative.getMessage().contains("relativeTo names no technique: zeta"), relative.getMessage());
        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> registry(entry("Bad_Name", "")));
        assertTrue(bad.getMessage().contains("Bad_Name: not a technique name"), bad.getMessage());
    }

    @Test
    void theKitsRegistryGeneratesTheTemplateWithoutAnyTechniqueInTheGeneratorsCode() {
        Registry kit = Registry.ofKit();
        assertTrue(kit.techniques().size() >= 7);
        String template = TemplateGenerator.generate(kit);
        for (Registry.Technique t : kit.techniques()) {
            assertTrue(template.contains("KIT_TECHNIQUE: " + t.name() + "\n"), t.name());
        }
    }
}
