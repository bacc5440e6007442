package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InvocationTest {
    private static Invocation withTail(String tail) {
        return new Invocation(true, null, 200, null, "{\"ok\":true}", tail);
    }

    @Test
    void progressFiguresOfColdAndWarmCalls() {
        assertEquals(
                "Init 300.25 ms + Duration 12.5 ms",
                withTail("START\n" + LogsTest.text("a", true) + "\n").figures(true));
        assertEquals("12.5 ms", withTail(LogsTest.text("a", false)).figures(false));
        assertEquals(
                "Duration 12.5 ms (no Init Duration: the environment was not new)",
                withTail(LogsTest.text("a", false)).figures(true));
        assertEquals("7.5 ms", withTail(LogsTest.json("j")).figures(false), "a JSON platform.report record");
        assertEquals("? ms", withTail("no report").figures(false));
        String restore = "REPORT RequestId: r\tDuration: 40.00 ms\tBilled Duration: 41 ms\tMemory Size: 1024 MB\t"
                + "Max Memory Used: 90 MB\tRestore Duration: 250.5 ms\tBilled Restore Duration: 180 ms";
        assertEquals("Restore 250.5 ms + Duration 40 ms", withTail(restore).figures(true));
    }

    @Test
    void theLastReportOfTheTailCounts() {
        String tail = LogsTest.text("first", false) + "\n" + LogsTest.text("second", true);
        assertEquals("second", withTail(tail).report().orElseThrow().requestId());
        assertEquals(2, Invocation.reports(tail).size());
    }

    @Test
    void cellSummaryGivesNearestRankP50s() {
        String tail = String.join(
                "\n",
                LogsTest.text("c1", true),
                "REPORT RequestId: w1\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB",
                "REPORT RequestId: w2\tDuration: 30.00 ms\tBilled Duration: 30 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB",
                "REPORT RequestId: w3\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB",
                "REPORT RequestId: w4\tDuration: 40.00 ms\tBilled Duration: 40 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB");
        assertEquals(
                "  = F: cold Init p50 300.25 ms, first call p50 12.50 ms (n=1); warm p50 20.00 ms (n=4)",
                CellSummary.of("F", tail));
        assertEquals(
                "  = F: cold Init p50 - ms, first call p50 - ms (n=0); warm p50 - ms (n=0)", CellSummary.of("F", ""));
    }
}
