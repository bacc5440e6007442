package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaffold on a copy of the kit's registry, root pom and README: what it writes, and the names it refuses. */
class TechniqueScaffoldTest {
    private static Path kitCopy(Path temp) throws Exception {
        for (String file : List.of("techniques.json", "pom.xml", "functions/README.md")) {
            Files.createDirectories(temp.resolve(file).getParent());
            Files.copy(Kit.ROOT.resolve(file), temp.resolve(file));
        }
        Files.createDirectories(temp.resolve("events"));
        Files.createDirectories(temp.resolve("scripts/lib"));
        Files.createDirectories(temp.resolve("functions/logging"));
        return temp;
    }

    @Test
    void aNewTechniqueGetsItsModuleEventEntryPomModuleAndTemplate(@TempDir Path temp) throws Exception {
        Path root = kitCopy(temp);
        List<String> written = new TechniqueScaffold(root, "string-building").write();
        assertTrue(written.contains("functions/string-building/pom.xml"), written.toString());
        assertTrue(Files.isRegularFile(root.resolve(
                "functions/string-building/src/main/java/tuning/stringbuilding/StringBuildingHandler.java")));
        assertTrue(Files.isRegularFile(root.resolve(
                "functions/string-building/src/test/java/tuning/stringbuilding/StringBuildingHandlerTest.java")));
        assertEquals("{\"iterations\": 5000000}\n", Files.readString(root.resolve("events/string-building.json")));

        Registry registry = Registry.load(root);
        Registry.Technique added =
                registry.techniques().get(registry.techniques().size() - 1);
        assertEquals("string-building", added.name());
        assertEquals(
                List.of("Baseline", "Tuned"),
                added.variants().stream().map(Registry.Variant::name).toList());
        assertEquals("tuned", added.variants().get(1).environment().get("STRING_BUILDING_MODE"));
        assertEquals(List.of(1024), added.localMemorySizes());

        String pom = Files.readString(root.resolve("pom.xml"));
        // after the last technique's module, whichever that is
        assertTrue(
                pom.matches(
                        "(?s).*<module>functions/[a-z-]+</module>\n    <module>functions/string-building</module>\n.*"),
                pom);
        String template = Files.readString(root.resolve("template.yaml"));
        assertTrue(template.contains("  StringBuildingTuned1024Function:\n"), "regenerated with the new functions");
        assertTrue(template.contains("Handler: tuning.stringbuilding.StringBuildingHandler::handleRequest"));
        assertTrue(Files.readString(root.resolve("scripts/lib/techniques.json"))
                .contains("\"name\": \"string-building\""));
        assertTrue(Files.readString(root.resolve("functions/README.md")).contains("| `string-building` |"));
    }

    @Test
    void theModulePomListsOnlyTheRootsVersionsItUses(@TempDir Path temp) throws Exception {
        Path root = kitCopy(temp);
        new TechniqueScaffold(root, "quux").write();
        String pom = Files.readString(root.resolve("functions/quux/pom.xml"));
        String rootPom = Files.readString(root.resolve("pom.xml"));
        TechniqueScaffold.versions(rootPom).forEach((k, v) -> assertTrue(pom.contains("<" + k + ">" + v + "</"), k));
        assertFalse(pom.contains("\n  <parent>"), "sam build copies the module alone");
        assertFalse(pom.contains("aws-sdk"), "the scaffold uses no SDK");
        assertTrue(pom.contains("<artifactId>quux</artifactId>"));
    }

    @Test
    void badNamesAreRefusedWithAClearMessageAndNothingWritten(@TempDir Path temp) throws Exception {
        Path root = kitCopy(temp);
        String registry = Files.readString(root.resolve("techniques.json"));
        assertRefused(root, "Bad_Name", "is not a technique name");
        assertRefused(root, "-x", "is not a technique name");
        assertRefused(root, "a--b", "is not a technique name");
        assertRefused(root, "", "give the technique's name");
        assertRefused(root, "logging", "is already a technique");
        assertRefused(root, "scale", "would give logical ids that start like scale-up's");
        assertRefused(root, "tune", "is reserved");
        assertRefused(root, "new", "is reserved");
        assertRefused(root, "x".repeat(41), "longer than 40");
        Files.writeString(root.resolve("events/fresh.json"), "{}");
        assertRefused(root, "fresh", "events/fresh.json exists already");
        assertEquals(registry, Files.readString(root.resolve("techniques.json")), "a refused name changes nothing");
        assertFalse(Files.exists(root.resolve("template.yaml")));
    }

    private static void assertRefused(Path root, String name, String why) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new TechniqueScaffold(root, name).write());
        assertTrue(e.getMessage().contains(why), name + ": " + e.getMessage());
    }
}
