package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kit.testsupport.Command;
import org.junit.jupiter.api.Test;

class ShellcheckTest {
    @Test
    void everyScriptIsShellcheckClean() throws Exception {
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        // the kit's scripts, and the local Lambda's benchmark and soak (run by hand, so nothing else would catch them)
        for (String folder : List.of("scripts", "local-lambda")) {
            try (Stream<Path> files = Files.walk(Kit.ROOT.resolve(folder))) {
                files.filter(p -> p.toString().endsWith(".sh"))
                        .filter(p -> !p.toString().contains("/target/"))
                        .map(p -> Kit.ROOT.relativize(p).toString())
                        .sorted()
                        .forEach(command::add);
            }
        }
        command.add(".ci/run");
        assertFalse(command.stream().noneMatch(f -> f.startsWith("scripts/")), "no scripts found under scripts/");
        assertFalse(
                command.stream().noneMatch(f -> f.equals("local-lambda/bench.sh")), "local-lambda/bench.sh not found");
        Command.Result check =
                Command.run(Kit.ROOT, Duration.ofSeconds(120), Map.of(), false, command.toArray(String[]::new));
        assertEquals(0, check.exitCode(), "shellcheck reported:\n" + check.output());
    }
}
