package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReportLineParserTest {

    /** The REPORT record of a line the test knows is one. */
    private static ReportLine parsed(String line) {
        return ReportLineParser.parse(line).orElseThrow();
    }

    @Test
    void coldTextLineFromCloudWatch() {
        ReportLine r = parsed("REPORT RequestId: 3f5b2c1e-aaaa-bbbb-cccc-0123456789ab\tDuration: 284.85 ms\t"
                + "Billed Duration: 285 ms\tMemory Size: 128 MB\tMax Memory Used: 92 MB\tInit Duration: 296.31 ms\t");
        assertEquals("3f5b2c1e-aaaa-bbbb-cccc-0123456789ab", r.requestId());
        assertEquals(284.85, r.durationMs());
        assertEquals(285, r.billedMs());
        assertEquals(128, r.memorySizeMb());
        assertEquals(92, r.maxMemoryUsedMb());
        assertEquals(296.31, r.initDurationMs());
        assertTrue(r.cold());
        assertFalse(r.failed());
    }

    @Test
    void warmLineHasNoInit() {
        ReportLine r = parsed("REPORT RequestId: abc\tDuration: 1.24 ms\tBilled Duration: 2 ms\t"
                + "Memory Size: 1024 MB\tMax Memory Used: 63 MB\t");
        assertNull(r.initDurationMs());
        assertFalse(r.cold());
    }

    @Test
    void snapStartRestoreIsCold() {
        ReportLine r = parsed(
                "REPORT RequestId: r1\tDuration: 12.10 ms\tBilled Duration: 316 ms\t"
                        + "Memory Size: 1024 MB\tMax Memory Used: 90 MB\tRestore Duration: 511.25 ms\tBilled Restore Duration: 303 ms\t");
        assertEquals(511.25, r.restoreDurationMs());
        assertEquals(303, r.billedRestoreMs());
        assertTrue(r.cold());
    }

    @Test
    void timeoutAndErrorStatusesAreKept() {
        ReportLine timeout = parsed("REPORT RequestId: t1\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\t"
                + "Memory Size: 128 MB\tMax Memory Used: 80 MB\tStatus: timeout");
        assertEquals("timeout", timeout.status());
        assertTrue(timeout.failed());
        ReportLine error = parsed("REPORT RequestId: e1\tDuration: 40.00 ms\tBilled Duration: 40 ms\t"
                + "Memory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.ExitError");
        assertEquals("Runtime.ExitError", error.errorType());
    }

    @Test
    void emulatorOrderWithSpacesReadsTheSame() {
        ReportLine r = parsed("REPORT RequestId: x Init Duration: 0.50 ms Duration: 1500.20 ms "
                + "Billed Duration: 1501 ms Memory Size: 512 MB Max Memory Used: 512 MB");
        assertEquals(0.50, r.initDurationMs());
        assertEquals(1500.20, r.durationMs());
        assertEquals(1501, r.billedMs());
        assertEquals(512, r.maxMemoryUsedMb());
    }

    @Test
    void jsonPlatformReport() {
        ReportLine r = parsed("{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.report\","
                + "\"record\":{\"requestId\":\"j1\",\"metrics\":{\"durationMs\":15.74,\"billedDurationMs\":147,"
                + "\"memorySizeMB\":256,\"maxMemoryUsedMB\":70,\"initDurationMs\":130.49},\"status\":\"success\"}}");
        assertEquals("j1", r.requestId());
        assertEquals(15.74, r.durationMs());
        assertEquals(147, r.billedMs());
        assertEquals(130.49, r.initDurationMs());
        assertTrue(r.cold());
    }

    @Test
    void otherLinesAreNotReports() {
        assertTrue(ReportLineParser.parse("START RequestId: a Version: $LATEST").isEmpty());
        assertTrue(ReportLineParser.parse("{\"type\":\"platform.start\",\"record\":{}}")
                .isEmpty());
        assertTrue(ReportLineParser.parse("").isEmpty());
    }
}
