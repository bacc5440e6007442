package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneSettingsTest {
    @TempDir
    Path dir;

    private TuneSettings parse(String... args) throws Exception {
        return TuneSettings.parse(args, Fixtures.kit(dir, List.of(), List.of("aws", "jq", "java")));
    }

    private String refusal(String... args) {
        Cli.Refused e = assertThrows(Cli.Refused.class, () -> parse(args));
        assertEquals(2, e.status, "bad input is status 2");
        return e.getMessage();
    }

    @Test
    void weightedPayloadsAreInterleavedSmoothly() {
        assertEquals(List.of(0, 1, 0, 0, 1, 0), TuneSettings.sequence(List.of(2, 1), 6));
        List<Integer> seq = TuneSettings.sequence(List.of(3, 1), 8);
        assertEquals(6, Collections.frequency(seq, 0));
        assertEquals(2, Collections.frequency(seq, 1));
        assertEquals(List.of(0, 0, 0, 0), TuneSettings.sequence(List.of(5), 4));
    }

    @Test
    void aLocalSweepNeedsATemplateAFunctionAndJsonPayloads() throws Exception {
        Path template = Files.writeString(dir.resolve("template.yaml"), "Resources: {}\n");
        Path small = Files.writeString(dir.resolve("small.json"), "{\"items\": 1}");
        Path big = Files.writeString(dir.resolve("big.json"), "{\"items\": 100}");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"items\": [");
        TuneSettings s = parse("--template", template.toString(), "--function", "F", "--payload", small.toString(),
                "--payload", big + "@3", "--memory", "1024,1769", "--weight", "0.25");
        assertEquals(List.of(1024, 1769), s.memory);
        assertEquals(List.of(1, 3), s.payloads.stream().map(TuneSettings.Payload::weight).toList());
        assertEquals(1, s.cold);
        assertEquals(5, s.warm);
        assertEquals("0.25", s.toJson().path("weightText").asText());
        String t = template.toString();
        String p = small.toString();
        assertTrue(refusal("--function", "F", "--payload", p).contains("--template FILE is needed"));
        assertTrue(refusal("--template", "no/such.yaml", "--function", "F", "--payload", p).contains("template no/such.yaml not found"));
        assertTrue(refusal("--template", t, "--function", "F", "--payload", bad.toString()).contains("is not JSON"));
        assertTrue(refusal("--template", t, "--function", "F", "--payload", p, "--memory", "64,1024")
                .contains("memory 64 MB is outside Lambda's 128-10240 MB"));
        assertTrue(refusal("--template", t, "--function", "F", "--payload", p, "--memory", "1024,1024")
                .contains("lists a size twice"));
        assertTrue(refusal("--template", t, "--function", "F", "--payload", p, "--strategy", "cheap")
                .contains("--strategy must be cost, speed or balanced"));
        assertTrue(refusal("--template", t, "--function", "F", "--payload", p, "--weight", "2")
                .contains("--weight takes a number from 0 (speed) to 1 (cost)"));
        assertTrue(refusal("--template", t, "--function", "F", "--payload", p + "@0").contains("positive whole number"));
        assertTrue(refusal("--template", t, "--function", "F", "--payload", p, "--payload", p, "--cold", "0", "--warm", "1")
                .contains("2 payloads but only 1 invocations per size"));
        assertTrue(refusal("--target", "aws", "--template", t, "--function-name", "F", "--payload", p)
                .contains("--template/--function are for the local target"));
    }
}
