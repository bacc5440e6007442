package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShellcheckTest {
    @Test
    void everyScriptIsShellcheckClean() throws Exception {
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        try (Stream<Path> files = Files.walk(Kit.ROOT.resolve("scripts"))) {
            files.filter(p -> p.toString().endsWith(".sh"))
                    .map(p -> Kit.ROOT.relativize(p).toString())
                    .sorted()
                    .forEach(command::add);
        }
        command.add(".ci/run");
        assertFalse(command.size() <= 3, "no scripts found under scripts/");
        Kit.Run check = Kit.run(Kit.ROOT, 120, command.toArray(String[]::new));
        assertEquals(0, check.exitCode(), "shellcheck reported:\n" + check.output());
    }
}
