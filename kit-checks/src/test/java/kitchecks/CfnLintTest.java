package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import kit.testsupport.Command;
import org.junit.jupiter.api.Test;

class CfnLintTest {
    @Test
    void templateIsLintClean() throws Exception {
        Command.Result lint =
                Command.run(Kit.ROOT, Duration.ofSeconds(300), Map.of(), false, "cfn-lint", "template.yaml");
        assertEquals(0, lint.exitCode(), "cfn-lint template.yaml reported:\n" + lint.output());
        assertEquals("", lint.output().strip(), "cfn-lint printed findings");
    }
}
