package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CfnLintTest {
    @Test
    void templateIsLintClean() throws Exception {
        Kit.Run lint = Kit.run(Kit.ROOT, 300, "cfn-lint", "template.yaml");
        assertEquals(0, lint.exitCode(), "cfn-lint template.yaml reported:\n" + lint.output());
        assertEquals("", lint.output().strip(), "cfn-lint printed findings");
    }
}
