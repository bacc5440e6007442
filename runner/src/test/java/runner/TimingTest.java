package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimingTest {
    @Test
    void functionTimeIsInitOrRestorePlusDurationOfEveryReport() {
        AtomicLong now = new AtomicLong(1000);
        Timing t = new Timing(now::get);
        now.set(1000 + 1250);
        String restore = "REPORT RequestId: r\tDuration: 40.00 ms\tBilled Duration: 41 ms\tMemory Size: 1024 MB\t"
                + "Max Memory Used: 90 MB\tRestore Duration: 250.5 ms\tBilled Restore Duration: 180 ms";
        // cold 300.25 + 12.5, warm 12.5, JSON warm 7.5; restore 250.5 + 40
        Timing.Figures f = t.figures(List.of(
                "START\n" + LogsTest.text("a", true) + "\n" + LogsTest.text("b", false) + "\nout\n",
                LogsTest.json("j") + "\n" + restore,
                ""));
        assertEquals(1250, f.wallMs());
        assertEquals(623.25, f.functionMs(), 1e-9);
        assertEquals(
                "wall time 1.3 s for 0.6 s of the functions' own time (Init + Duration): 2.01x", f.line());
        assertEquals("{\"wallMs\":1250,\"functionMs\":623.25,\"wallPerFunction\":2.01}", Json.compact(f.toJson()));
    }

    @Test
    void aRunWithoutReportsHasNoRatio() {
        Timing.Figures f = new Timing(() -> 0).figures(List.of("no report"));
        assertEquals(0, f.ratio());
        assertEquals("wall time 0.0 s for 0.0 s of the functions' own time (Init + Duration): no REPORT records", f.line());
    }
}
