package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scripts and the runner know the techniques only from scripts/lib/techniques.json: a new technique needs no change
 * in them. (Names in comments count too: they go stale the same way.)
 */
class ScriptsNameNoTechniqueTest {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    /**
     * Words of the AWS API the runner must call whatever the techniques are, that happen to contain a technique's name:
     * the provisioned-concurrency operations' CLI names and REST path. They are removed before the check.
     */
    private static final List<String> AWS_API_WORDS = List.of(
            "put-provisioned-concurrency-config",
            "get-provisioned-concurrency-config",
            "delete-provisioned-concurrency-config",
            "/provisioned-concurrency?Qualifier=");

    @Test
    void noTechniqueIsNamedInScriptsOrRunnerCode() throws IOException {
        Techniques kit = Techniques.read(ROOT.resolve("scripts/lib/techniques.json"));
        assertFalse(kit.names().isEmpty());
        List<Path> code = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT.resolve("scripts"))) {
            s.filter(p -> p.toString().endsWith(".sh")).forEach(code::add);
        }
        try (Stream<Path> s = Files.walk(ROOT.resolve("runner/src/main"))) {
            s.filter(Files::isRegularFile).forEach(code::add);
        }
        List<String> found = new ArrayList<>();
        for (Path p : code) {
            String text = Files.readString(p);
            for (String word : AWS_API_WORDS) {
                text = text.replace(word, "");
            }
            for (String name : kit.names()) {
                if (text.contains(name)) {
                    found.add(ROOT.relativize(p) + ": " + name);
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
