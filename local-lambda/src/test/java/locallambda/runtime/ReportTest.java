package locallambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import locallambda.common.Json;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final PlatformLog TEXT = PlatformLog.of("Text");
    private static final PlatformLog JSON = PlatformLog.of("JSON");

    @Test
    void warmReportHasNoInitDurationAndATrailingTab() {
        String r = TEXT.report(0L, new ReportFigures("id-1", 284.85, 128, 92, null, null, null));
        assertEquals(
                "REPORT RequestId: id-1\tDuration: 284.85 ms\tBilled Duration: 285 ms\tMemory Size: 128 MB\t"
                        + "Max Memory Used: 92 MB\t",
                r);
    }

    @Test
    void coldReportPutsInitDurationAfterMaxMemoryAndBillsInit() {
        String r = TEXT.report(0L, new ReportFigures("id-2", 15.74, 128, 80, 130.49, null, null));
        assertEquals(
                "REPORT RequestId: id-2\tDuration: 15.74 ms\tBilled Duration: 147 ms\tMemory Size: 128 MB\t"
                        + "Max Memory Used: 80 MB\tInit Duration: 130.49 ms\t",
                r);
    }

    @Test
    void failedInvocationsEndWithStatus() {
        String r = TEXT.report(0L, new ReportFigures("id-3", 3000, 256, 250, null, "error", "Runtime.ExitError"));
        assertTrue(r.endsWith("\tMax Memory Used: 250 MB\tStatus: error\tError Type: Runtime.ExitError"), r);
        String t = TEXT.report(0L, new ReportFigures("id-4", 3000, 256, 250, null, "timeout", null));
        assertTrue(t.endsWith("\tStatus: timeout"), t);
    }

    @Test
    void billingRoundsUpToTheMillisecond() {
        assertEquals(1, Report.billedMs(0.2, null));
        assertEquals(100, Report.billedMs(100.0, null));
        assertEquals(101, Report.billedMs(100.01, null));
        assertEquals(147, Report.billedMs(15.74, 130.49));
    }

    @Test
    void startAndEndLines() {
        assertEquals("START RequestId: abc Version: $LATEST", TEXT.start(0L, "abc", "$LATEST"));
        assertEquals("END RequestId: abc", TEXT.end(0L, "abc", null));
    }

    @Test
    void jsonReportCarriesTheMetrics() throws Exception {
        var n = Json.MAPPER.readTree(JSON.report(
                Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(),
                new ReportFigures("id", 10.5, 512, 90, 200.0, null, null)));
        assertEquals("platform.report", n.get("type").asText());
        assertEquals(211, n.at("/record/metrics/billedDurationMs").asLong());
        assertEquals(200.0, n.at("/record/metrics/initDurationMs").asDouble());
    }
}
