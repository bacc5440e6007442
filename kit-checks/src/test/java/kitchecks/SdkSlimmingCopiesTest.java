package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sdk-slimming stays three modules, since the experiment compares three dependency trees, and a module that `sam build`
 * copies alone cannot share code with another. So the helpers all three need are copies; this test keeps the copies equal
 * and names the files that drift apart.
 */
class SdkSlimmingCopiesTest {
    static final List<String> MODULES =
            List.of("functions/sdk-slimming/default", "functions/sdk-slimming/slim", "functions/sdk-slimming/crt");

    /** The files meant to be identical in every module (the handlers, their short tests and the poms differ on purpose). */
    static final List<String> SHARED_FILES =
            List.of("src/main/java/tuning/sdk/BucketListing.java", "src/test/java/tuning/sdk/S3HandlerContract.java");

    @Test
    void sharedFilesAreTheSameInEveryModule() throws IOException {
        List<String> drifted = drift(Kit.ROOT, MODULES, SHARED_FILES);
        assertTrue(
                drifted.isEmpty(),
                "the sdk-slimming copies drifted apart; make them equal again:\n" + String.join("\n", drifted));
    }

    @Test
    void everyFileThatAllModulesHaveIsListedAsShared() throws IOException {
        Set<String> inEveryModule = null;
        for (String module : MODULES) {
            Set<String> files = sources(Kit.ROOT.resolve(module));
            if (inEveryModule == null) {
                inEveryModule = files;
            } else {
                inEveryModule.retainAll(files);
            }
        }
        inEveryModule.remove("pom.xml");
        inEveryModule.removeAll(SHARED_FILES);
        assertTrue(
                inEveryModule.isEmpty(),
                "every sdk-slimming module has " + inEveryModule
                        + ": add them to SdkSlimmingCopiesTest.SHARED_FILES if they are copies, or rename them if not");
    }

    @Test
    void aDriftedCopyIsNamedWithItsFirstDifferentLine(@TempDir Path root) throws IOException {
        List<String> modules = List.of("a", "b", "c");
        for (String module : modules) {
            write(root.resolve(module).resolve("Same.java"), "class Same {\n}\n");
            write(root.resolve(module).resolve("Helper.java"), "class Helper {\n    int x = 1;\n}\n");
        }
        write(root.resolve("c/Helper.java"), "class Helper {\n    int x = 2;\n}\n");
        Files.delete(root.resolve("b/Same.java"));

        assertEquals(
                List.of(
                        "b/Same.java is missing (a/Same.java exists)",
                        "c/Helper.java differs from a/Helper.java from line 2: `int x = 2;` instead of `int x = 1;`"),
                drift(root, modules, List.of("Same.java", "Helper.java")));
    }

    /** One line per copy that is missing or differs from the first module's; empty when all copies are equal. */
    static List<String> drift(Path root, List<String> modules, List<String> files) throws IOException {
        List<String> drifted = new ArrayList<>();
        String reference = modules.get(0);
        for (String file : files) {
            Path original = root.resolve(reference).resolve(file);
            if (!Files.isRegularFile(original)) {
                drifted.add(reference + "/" + file + " is missing");
                continue;
            }
            List<String> expected = Files.readAllLines(original, StandardCharsets.UTF_8);
            for (String module : modules.subList(1, modules.size())) {
                Path copy = root.resolve(module).resolve(file);
                if (!Files.isRegularFile(copy)) {
                    drifted.add(module + "/" + file + " is missing (" + reference + "/" + file + " exists)");
                    continue;
                }
                List<String> actual = Files.readAllLines(copy, StandardCharsets.UTF_8);
                int line = firstDifference(expected, actual);
                if (line >= 0) {
                    drifted.add(module + "/" + file + " differs from " + reference + "/" + file + " from line "
                            + (line + 1) + ": `" + lineOrEnd(actual, line) + "` instead of `"
                            + lineOrEnd(expected, line)
                            + "`");
                }
            }
        }
        return drifted;
    }

    private static int firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            if (i >= expected.size() || i >= actual.size() || !expected.get(i).equals(actual.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String lineOrEnd(List<String> lines, int index) {
        return index < lines.size() ? lines.get(index).strip() : "(end of file)";
    }

    private static Set<String> sources(Path module) throws IOException {
        try (Stream<Path> files = Files.walk(module)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> module.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("target/"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
