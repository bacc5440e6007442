package locallambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import report.ReportLine;
import report.ReportLineParser;

/**
 * The platform lines of one cold environment (an init retried after the 10 s limit, a cold and a warm invocation), in
 * both formats, as golden text; every REPORT and INIT_REPORT is read back through the report module's parser, which is
 * what reads them from CloudWatch.
 */
class PlatformLogTest {
    private static final long AT = 1767225600000L;   // 2026-01-01T00:00:00Z
    private static final String ARN = "arn:aws:lambda:us-east-1::runtime:local-21.0.5";

    private static List<String> session(PlatformLog log) {
        return List.of(
                log.initStart(AT, "java:21.local", ARN),
                log.initReport(AT, 10000.004, "init", "timeout", null),
                log.initStart(AT, "java:21.local", ARN),
                log.start(AT, "id-1", "$LATEST"),
                log.end(AT, "id-1", null),
                log.report(AT, "id-1", 15.741, 128, 80, 130.49, null, null),
                log.start(AT, "id-2", "3"),
                log.end(AT, "id-2", "error"),
                log.report(AT, "id-2", 3000, 256, 250, null, "error", "Runtime.ExitError"),
                log.initReport(AT, 12.5, "invoke", "error", "Runtime.Unknown"));
    }

    @Test
    void textGolden() {
        assertEquals(List.of(
                "INIT_START Runtime Version: java:21.local\tRuntime Version ARN: " + ARN,
                "INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout",
                "INIT_START Runtime Version: java:21.local\tRuntime Version ARN: " + ARN,
                "START RequestId: id-1 Version: $LATEST",
                "END RequestId: id-1",
                "REPORT RequestId: id-1\tDuration: 15.74 ms\tBilled Duration: 147 ms\tMemory Size: 128 MB\t"
                        + "Max Memory Used: 80 MB\tInit Duration: 130.49 ms\t",
                "START RequestId: id-2 Version: 3",
                "END RequestId: id-2",
                "REPORT RequestId: id-2\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\t"
                        + "Max Memory Used: 250 MB\tStatus: error\tError Type: Runtime.ExitError",
                "INIT_REPORT Init Duration: 12.50 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.Unknown"),
                session(PlatformLog.of("Text")));
    }

    @Test
    void jsonGolden() {
        String t = "{\"time\":\"2026-01-01T00:00:00Z\",\"type\":";
        assertEquals(List.of(
                t + "\"platform.initStart\",\"record\":{\"initializationType\":\"on-demand\",\"phase\":\"init\","
                        + "\"runtimeVersion\":\"java:21.local\",\"runtimeVersionArn\":\"" + ARN + "\"}}",
                t + "\"platform.initReport\",\"record\":{\"initializationType\":\"on-demand\",\"phase\":\"init\","
                        + "\"status\":\"timeout\",\"metrics\":{\"durationMs\":10000.0}}}",
                t + "\"platform.initStart\",\"record\":{\"initializationType\":\"on-demand\",\"phase\":\"init\","
                        + "\"runtimeVersion\":\"java:21.local\",\"runtimeVersionArn\":\"" + ARN + "\"}}",
                t + "\"platform.start\",\"record\":{\"requestId\":\"id-1\",\"version\":\"$LATEST\"}}",
                t + "\"platform.runtimeDone\",\"record\":{\"requestId\":\"id-1\",\"status\":\"success\"}}",
                t + "\"platform.report\",\"record\":{\"requestId\":\"id-1\",\"metrics\":{\"durationMs\":15.74,"
                        + "\"billedDurationMs\":147,\"memorySizeMB\":128,\"maxMemoryUsedMB\":80,\"initDurationMs\":130.49},"
                        + "\"status\":\"success\"}}",
                t + "\"platform.start\",\"record\":{\"requestId\":\"id-2\",\"version\":\"$LATEST\"}}",
                t + "\"platform.runtimeDone\",\"record\":{\"requestId\":\"id-2\",\"status\":\"error\"}}",
                t + "\"platform.report\",\"record\":{\"requestId\":\"id-2\",\"metrics\":{\"durationMs\":3000.0,"
                        + "\"billedDurationMs\":3000,\"memorySizeMB\":256,\"maxMemoryUsedMB\":250},\"status\":\"error\","
                        + "\"errorType\":\"Runtime.ExitError\"}}",
                t + "\"platform.initReport\",\"record\":{\"initializationType\":\"on-demand\",\"phase\":\"invoke\","
                        + "\"status\":\"error\",\"errorType\":\"Runtime.Unknown\",\"metrics\":{\"durationMs\":12.5}}}"),
                session(PlatformLog.of("JSON")));
    }

    @Test
    void bothFormatsReadBackTheSameThroughTheReportParser() {
        for (String format : List.of("Text", "JSON", "json")) {
            List<String> lines = session(PlatformLog.of(format));
            ReportLine cold = ReportLineParser.parse(lines.get(5)).orElseThrow();
            assertEquals("id-1", cold.requestId());
            assertEquals(15.74, cold.durationMs(), 1e-9);
            assertEquals(147, cold.billedMs(), 1e-9);
            assertEquals(128, cold.memorySizeMb());
            assertEquals(80, cold.maxMemoryUsedMb());
            assertEquals(130.49, cold.initDurationMs(), 1e-9);
            assertEquals("success", cold.status());
            assertTrue(cold.cold());

            ReportLine failed = ReportLineParser.parse(lines.get(8)).orElseThrow();
            assertEquals("id-2", failed.requestId());
            assertNull(failed.initDurationMs());
            assertEquals("error", failed.status());
            assertEquals("Runtime.ExitError", failed.errorType());
            assertTrue(failed.failed());

            assertTrue(ReportLineParser.isInitTimeout(lines.get(1)), format);
            assertFalse(ReportLineParser.isInitTimeout(lines.get(9)), format);
            for (int i : new int[] {0, 1, 3, 4}) {
                assertTrue(ReportLineParser.parse(lines.get(i)).isEmpty(), lines.get(i));
            }
        }
    }
}
