package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local Lambda's platform lines (its golden files) read back through this parser, in both log formats. */
class PlatformLinesGoldenTest {
    @Test
    void localLambdaLinesParse() throws Exception {
        for (String f : List.of("text.golden", "json.golden")) {
            List<String> l = Files.readAllLines(Path.of("../local-lambda/src/test/resources/platform-lines", f));
            ReportLine cold = ReportLineParser.parse(l.get(5)).orElseThrow();
            assertEquals("id-1", cold.requestId());
            assertEquals(15.74, cold.durationMs(), 1e-9);
            assertEquals(147, cold.billedMs(), 1e-9);
            assertEquals(130.49, cold.initDurationMs(), 1e-9);
            ReportLine failed = ReportLineParser.parse(l.get(8)).orElseThrow();
            assertEquals("Runtime.ExitError", failed.errorType());
            assertTrue(ReportLineParser.isInitTimeout(l.get(1)), f);
            assertTrue(!ReportLineParser.isInitTimeout(l.get(9)), f);
        }
    }
}
