package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSettingsTest {
    @TempDir
    Path root;

    private final List<String> notes = new ArrayList<>();

    private ExperimentSettings parse(String... args) throws Exception {
        Kit kit = Fixtures.kit(root, List.of(), List.of("aws", "jq", "curl", "moto_server"));
        return ExperimentSettings.parse(args, Fixtures.techniques(), kit, notes::add);
    }

    private String refusal(String... args) {
        return assertThrows(Cli.Refused.class, () -> parse(args)).getMessage();
    }

    @Test
    void localDefaultsLeaveOutTheAwsOnlyTechniquesAndUseTheLocalSizes() throws Exception {
        ExperimentSettings s = parse();
        assertEquals(List.of("alpha", "beta", "gamma"), s.techniques);
        assertNull(s.memory);
        assertEquals(Map.of("alpha", List.of(1024), "beta", List.of(128, 3008), "gamma", List.of(128, 3008)),
                s.memoryByTechnique);
        // more cold starts where the tables compare them
        assertEquals(Map.of("alpha", 4, "beta", 1, "gamma", 1), s.coldByTechnique);
        assertEquals(3, s.warm);
        assertEquals(List.of("gamma"), s.bucketTechniques);
        assertEquals("local", s.stack);
        assertEquals("us-east-1", s.region);
    }

    @Test
    void awsDefaultsRunEverythingAtEverySize() throws Exception {
        ExperimentSettings s = parse("--target", "aws", "--stack", "mine");
        assertEquals(List.of("alpha", "beta", "gamma", "delta"), s.techniques);
        assertNull(s.memoryByTechnique);
        assertEquals(Map.of("alpha", 3, "beta", 3, "gamma", 3, "delta", 3), s.coldByTechnique);
        assertEquals(10, s.warm);
        assertEquals("mine", s.stack);
    }

    @Test
    void anAwsOnlyTechniqueNamedLocallyIsSkippedWithANote() throws Exception {
        ExperimentSettings s = parse("--techniques", "alpha,delta", "--cold", "2");
        assertEquals(List.of("alpha"), s.techniques);
        assertTrue(notes.get(0).contains("delta runs on AWS only (needs the real thing)"), notes::toString);
        assertEquals(Map.of("alpha", 2), s.coldByTechnique);
        assertTrue(refusal("--techniques", "delta").contains("nothing left to run locally without delta"));
    }

    @Test
    void memoryMustBeDeployedForOneOfTheTechniques() throws Exception {
        String m = refusal("--memory", "100");
        assertTrue(m.startsWith("--memory 100: no function of alpha,beta,gamma has 100 MB"), m);
        assertTrue(m.contains("alpha: 256,1024; beta: 128,512,1024,3008"), m);
        // a default technique without the size is left out, a named one is refused
        ExperimentSettings s = parse("--memory", "128");
        assertEquals(List.of("beta", "gamma"), s.techniques);
        assertTrue(notes.get(0).contains("alpha left out: it has none of the sizes 128 (it has 256,1024)"), notes::toString);
        assertTrue(refusal("--techniques", "alpha,beta", "--memory", "128")
                .contains("--memory 128: alpha has none of these sizes"));
    }

    @Test
    void badInputIsRefusedBeforeAnythingStarts() {
        assertTrue(refusal("--techniques", "alpha,nope").contains("unknown technique 'nope' (known: alpha, beta, gamma, delta"));
        assertTrue(refusal("--techniques", "alpha,").contains("unknown technique ''"));
        assertTrue(refusal("--cold", "x").contains("--cold and --warm take whole numbers"));
        assertTrue(refusal("--warm", "-1").contains("--cold and --warm take whole numbers"));
        assertTrue(refusal("--memory", "128,,256").contains("--memory takes sizes in MB"));
        assertTrue(refusal("--cold", "0", "--warm", "0").contains("nothing to do"));
        assertTrue(refusal("--target", "moon").contains("--target must be local or aws"));
        assertTrue(refusal("--bogus").contains("unknown argument: --bogus"));
        assertTrue(refusal("--stack").contains("--stack needs a value"));
    }

    @Test
    void aTechniqueWithoutItsEventIsRefused() throws Exception {
        Kit kit = Fixtures.kit(root, List.of("beta"), List.of("aws", "jq", "curl", "moto_server"));
        Cli.Refused e = assertThrows(
                Cli.Refused.class, () -> ExperimentSettings.parse(new String[0], Fixtures.techniques(), kit, notes::add));
        assertTrue(e.getMessage().contains("technique 'beta' has no event"), e.getMessage());
    }

    @Test
    void missingToolsAreNamed() throws Exception {
        Kit noMoto = Fixtures.kit(root, List.of(), List.of("aws", "jq", "curl"));
        assertTrue(assertThrows(
                        Cli.Refused.class,
                        () -> ExperimentSettings.parse(new String[0], Fixtures.techniques(), noMoto, notes::add))
                .getMessage()
                .contains("gamma needs moto_server locally"));
        Kit noJq = Fixtures.kit(root.resolve("b"), List.of(), List.of("aws", "curl"));
        assertTrue(assertThrows(
                        Cli.Refused.class,
                        () -> ExperimentSettings.parse(
                                new String[] {"--target", "aws"}, Fixtures.techniques(), noJq, notes::add))
                .getMessage()
                .contains("missing tools: jq"));
    }
}
