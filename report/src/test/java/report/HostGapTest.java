package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostGapTest {
    private static Optional<Calibration> loop(Double... ms) {
        return Optional.of(new Calibration("loop", List.of(ms), 0));
    }

    @Test
    void cpuWorkMayMoveFromTheOtherHostsFastestToItsSlowestSample() {
        HostGap gap = new HostGap(loop(100.0, 120.0), loop(150.0, 160.0));
        HostGap.Band cpu = gap.cpu();
        assertEquals(150.0 / 120, cpu.low(), 1e-12, "b's fastest against a's slowest");
        assertEquals(160.0 / 100, cpu.high(), 1e-12, "b's slowest against a's fastest");
        assertEquals(1, gap.of(0).low(), 1e-12, "a cell the registry does not know may be waiting: 1 stays in");
        assertEquals(1.6, gap.of(0).high(), 1e-12);
    }

    @Test
    void waitingNarrowsTheBandTowardsOne() {
        HostGap gap = new HostGap(loop(100.0), loop(200.0));
        assertEquals(2, gap.of(0).high(), 1e-12);
        assertEquals(1.5, gap.of(0.5).high(), 1e-12, "half the Duration a sleep: only half may double");
        assertEquals(1, gap.of(1).high(), 1e-12, "all sleep: the host moves nothing");
        assertEquals(1, gap.of(1.7).high(), 1e-12, "a declared wait longer than the Duration counts as all of it");
        HostGap quicker = new HostGap(loop(200.0), loop(100.0));
        assertEquals(0.75, quicker.of(0.5).low(), 1e-12, "a quicker host: the band lies below 1");
        assertEquals(1, quicker.of(0.5).high(), 1e-12);
    }

    @Test
    void withoutBothCalibrationsNothingIsAllowed() {
        Optional<Calibration> driftOnly = Optional.of(new Calibration("loop", List.of(), 0.2));
        for (HostGap gap : List.of(
                new HostGap(loop(100.0), Optional.empty()),
                new HostGap(Optional.empty(), loop(100.0)),
                new HostGap(loop(100.0), driftOnly))) {
            assertFalse(gap.known());
            assertEquals(new HostGap.Band(1, 1), gap.of(0));
        }
        assertTrue(new HostGap(Optional.empty(), Optional.empty())
                .note("a", "b")
                .contains("Neither run has host-speed calibration"));
        assertTrue(new HostGap(loop(100.0), driftOnly).note("a", "b").contains("b has no host-speed calibration"));
    }

    @Test
    void equalHostsAreSaidToBeAsFast() {
        String note = new HostGap(loop(100.0, 102.0), loop(101.0)).note("a", "b");
        assertTrue(note.contains("b's host was as fast"), note);
        assertTrue(note.contains("0.99 to 1.01 times as long in b"), note);
        assertTrue(note.contains("over 1 sample,"), note);
    }
}
