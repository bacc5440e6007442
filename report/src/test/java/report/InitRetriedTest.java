package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An init stopped at 10 s is retried inside the next invocation: that REPORT has no Init Duration but is cold. */
class InitRetriedTest {
    @Test
    void theReportAfterAnInitTimeoutInTheSameStreamIsCold(@TempDir Path run) throws Exception {
        Path raw = Files.createDirectories(run.resolve("raw"));
        String retried =
                "REPORT RequestId: a-1\tDuration: 11234.50 ms\tBilled Duration: 11235 ms\tMemory Size: 128 MB\tMax Memory Used: 90 MB\t";
        String warm =
                "REPORT RequestId: a-2\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 90 MB\t";
        String other =
                "REPORT RequestId: b-1\tDuration: 13.00 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 90 MB\t";
        // the Tail of the invocation does not carry the init-phase line: only CloudWatch's stream tells
        Files.writeString(raw.resolve("Fn.tail.log"), retried + "\n" + warm + "\n" + other + "\n");
        Files.writeString(
                raw.resolve("Fn.cloudwatch.json"),
                "{\"events\":["
                        + event("s1", "INIT_REPORT Init Duration: 10000.21 ms\\tPhase: init\\tStatus: timeout") + ","
                        + event("s2", other.replace("\t", "\\t")) + ","
                        + event("s1", retried.replace("\t", "\\t")) + ","
                        + event("s1", warm.replace("\t", "\\t")) + "]}");
        Map<String, ReportLine> byId = RunData.readLines(raw, "Fn").stream()
                .collect(Collectors.toMap(ReportLine::requestId, Function.identity()));
        assertEquals(3, byId.size());
        assertTrue(
                byId.get("a-1").cold() && byId.get("a-1").initRetried(),
                byId.get("a-1").toString());
        assertFalse(byId.get("a-2").cold(), "the next call of that environment is warm");
        assertFalse(byId.get("b-1").cold(), "another stream's call is not affected");
    }

    @Test
    void jsonInitReportsCountToo() {
        assertTrue(ReportLineParser.isInitTimeout("{\"time\":\"2026-11-25T03:00:00Z\",\"type\":\"platform.initReport\","
                + "\"record\":{\"initializationType\":\"on-demand\",\"phase\":\"init\",\"status\":\"timeout\"}}"));
        assertFalse(
                ReportLineParser.isInitTimeout("INIT_REPORT Init Duration: 900.00 ms\tPhase: invoke\tStatus: timeout"));
        assertFalse(ReportLineParser.isInitTimeout(
                "INIT_REPORT Init Duration: 9.00 ms\tPhase: init\tStatus: error\tError Type: Runtime.Unknown"));
    }

    private static String event(String stream, String message) {
        return "{\"logStreamName\":\"" + stream + "\",\"message\":\"" + message + "\"}";
    }
}
