package report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFactsTest {
    @TempDir
    Path dir;

    private RunData run(String json) throws Exception {
        Files.createDirectories(dir.resolve("raw"));
        Files.writeString(dir.resolve("run.json"), json);
        Files.writeString(dir.resolve("functions.json"), "[]");
        return RunData.load(dir);
    }

    @Test
    void coldCountsPerTechniqueWhenTheyDiffer() throws Exception {
        RunData r = run("{\"cold\":4,\"coldByTechnique\":{\"context-reuse\":4,\"scale-up\":1,\"logging\":4}}");
        assertEquals("4 cold (context-reuse, logging), 1 cold (scale-up)", RunFacts.coldCounts(r));
    }

    @Test
    void oneCountWhenAllAgreeOrNoneIsRecorded() throws Exception {
        assertEquals("3 cold", RunFacts.coldCounts(run("{\"cold\":3,\"coldByTechnique\":{\"a\":3,\"b\":3}}")));
        ObjectNode plain = new ObjectMapper().createObjectNode().put("cold", 2);
        assertEquals("2 cold", RunFacts.coldCounts(run(plain.toString())));
    }
}
