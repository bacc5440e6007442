package report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendationsAndCompareTest {

    private static Cell cell(int memory, double p50, double cost, List<Double> durations) {
        Stats d = Stats.of(durations.isEmpty() ? List.of(p50) : durations);
        return WarmCells.warmScaleUp("F" + memory, "x86_64", memory, d, cost);
    }

    @Test
    void strategiesPickTheirOwnSize() {
        List<Cell> cells = List.of(
                cell(256, 7000, 1.0, List.of()), cell(1024, 1800, 0.9, List.of()), cell(3008, 1000, 1.5, List.of()));
        List<Recommendations.Pick> picks = Recommendations.picks(cells, 0.5);
        assertEquals(1024, picks.get(0).cell().memoryMb(), "cheapest");
        assertEquals(3008, picks.get(1).cell().memoryMb(), "fastest");
        // balanced 0.5: 256 -> .5*1/1.5+.5*1 = .833; 1024 -> .3+.129 = .429; 3008 -> .5+.071 = .571
        assertEquals(1024, picks.get(2).cell().memoryMb(), "balanced");
        assertEquals(3008, Recommendations.picks(cells, 0.0).get(2).cell().memoryMb(), "weight 0 = speed");
        assertEquals(1024, Recommendations.picks(cells, 1.0).get(2).cell().memoryMb(), "weight 1 = cost");
    }

    @Test
    void compareCallsAClearShiftRealAndOverlapNoiseOnceThereAreEnoughValues() {
        // 5 against 5: the test can reach p < 0.05 (smallest p = 2/252)
        List<Cell> before = List.of(
                cell(1024, 0, 1, List.of(100.0, 104.0, 98.0, 101.0, 99.0)),
                cell(1769, 0, 1, List.of(60.0, 70.0, 65.0, 62.0, 68.0)));
        List<Cell> after = List.of(
                cell(1024, 0, 1, List.of(50.0, 52.0, 51.0, 49.0, 53.0)),
                cell(1769, 0, 1, List.of(66.0, 61.0, 69.0, 63.0, 64.0)));
        List<Compare.Change> changes = Compare.changes(before, after);
        assertEquals(2, changes.size());
        assertTrue(changes.get(0).real(), "1024: every new value below every old one");
        assertTrue(
                changes.get(0).verdict().startsWith("real (p=0.008)"),
                changes.get(0).verdict());
        assertTrue(changes.get(0).interval().high() < 1, "the whole interval of the ratio below 1");
        assertFalse(changes.get(1).real(), "1769: the values interleave");
        assertTrue(changes.get(1).verdict().startsWith("noise"), changes.get(1).verdict());
        assertEquals(-50.0, changes.get(0).percent(), 1.0);
    }

    @Test
    void benjaminiHochbergKeepsOnlyThePValuesUnderTheirRankedThreshold() {
        // m = 3: thresholds 0.0167, 0.0333, 0.05
        assertArrayEquals(
                new boolean[] {true, true, false}, Compare.benjaminiHochberg(new double[] {0.008, 0.03, 0.9}, 0.05));
        assertArrayEquals(
                new boolean[] {true, false, false}, Compare.benjaminiHochberg(new double[] {0.008, 0.04, 0.9}, 0.05));
        // the step-up: 0.04 at rank 3 of 3 passes (<= 0.05), so ranks 1 and 2 pass with it
        assertArrayEquals(
                new boolean[] {true, true, true}, Compare.benjaminiHochberg(new double[] {0.04, 0.04, 0.04}, 0.05));
        // one cell at p = 0.04 among nineteen unchanged ones: real at 0.05 on its own, not among twenty (0.04 >
        // 0.05/20)
        double[] p = new double[20];
        Arrays.fill(p, 0.5);
        p[7] = 0.04;
        for (boolean d : Compare.benjaminiHochberg(p, 0.05)) {
            assertFalse(d);
        }
    }

    @Test
    void threeAgainstThreeIsNTooSmallEvenWhenTheRangesAreApart() {
        // the old min/max rule called this "real"; no test at 0.05 can decide on 3 values a side
        List<Compare.Change> changes = Compare.changes(
                List.of(cell(1024, 0, 1, List.of(100.0, 104.0, 98.0))),
                List.of(cell(1024, 0, 1, List.of(50.0, 52.0, 51.0))));
        assertFalse(changes.get(0).real());
        assertFalse(changes.get(0).enoughValues());
        assertEquals("n too small (3/3: needs ≥ 4/4)", changes.get(0).verdict());
    }

    /** A context-reuse cold cell: its first calls' durations and their Init Durations. */
    private static Cell coldCell(List<Double> durations, List<Double> inits) {
        return new Cell(
                "context-reuse",
                "ClientInHandler",
                1024,
                "x86_64",
                "cold",
                "ContextReuseClientInHandler1024Function",
                1,
                0,
                Stats.of(durations),
                Stats.of(inits),
                Stats.of(durations),
                Stats.of(List.of(80.0)),
                1e-6);
    }

    @Test
    void aColdCellsInitIsComparedInItsOwnRow() {
        // the lab's change: the client moves into init; the first call gets shorter, Init longer, both tested
        List<Compare.Change> changes = Compare.changes(
                List.of(coldCell(
                        List.of(1150.0, 1160.0, 1140.0, 1155.0, 1158.0), List.of(310.0, 312.0, 309.0, 315.0, 311.0))),
                List.of(coldCell(List.of(66.0, 70.0, 68.0, 65.0, 67.0), List.of(905.0, 910.0, 899.0, 912.0, 908.0))));
        assertEquals(2, changes.size());
        Compare.Change first = changes.get(0);
        Compare.Change init = changes.get(1);
        assertEquals("context-reuse/ClientInHandler/1024/x86_64/cold", first.key());
        assertEquals("context-reuse/ClientInHandler/1024/x86_64/init", init.key());
        assertTrue(first.real() && first.ratio() < 0.1, first.verdict());
        assertTrue(init.real() && init.ratio() > 2.5, init.verdict());
    }

    @Test
    void aWarmCellHasNoInitRowAndAColdCellWithoutInitsNone() {
        List<Compare.Change> changes = Compare.changes(
                List.of(cell(1024, 0, 1, List.of(100.0, 104.0, 98.0, 101.0, 99.0))),
                List.of(cell(1024, 0, 1, List.of(50.0, 52.0, 51.0, 49.0, 53.0))));
        assertEquals(1, changes.size());
        assertTrue(changes.get(0).key().endsWith("/warm"), changes.get(0).key());
    }
}
