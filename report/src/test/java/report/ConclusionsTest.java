package report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConclusionsTest {

    private static Cell warm(String arch, int memory, double p50, double cost) {
        return WarmCells.warmScaleUp("F" + memory + arch, arch, memory, Stats.of(List.of(p50)), cost);
    }

    @Test
    void architecturesCountsTheCellsArmWinsOnSpeedAndOnCost() {
        List<Cell> cells = List.of(
                warm("x86_64", 1024, 100, 2),
                warm("arm64", 1024, 90, 1.6),
                warm("x86_64", 2048, 50, 2),
                warm("arm64", 2048, 55, 1.8),
                warm("x86_64", 3008, 50, 3));
        assertEquals(
                "arm64 was faster than x86_64 in 1 of 2 warm cells and cheaper in 2.",
                Conclusions.architectures(cells));
        assertEquals(
                "No cell was measured on both architectures: nothing to pair.",
                Conclusions.architectures(List.of(warm("x86_64", 1024, 100, 2))));
    }

    @Test
    void aConclusionOnFewValuesSaysSoAndOneOnEnoughDoesNot() {
        Stats five = Stats.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        Stats one = Stats.of(List.of(1.0));
        Cell warmFive =
                new Cell("t", "default", 1024, "x86_64", "warm", "F", 0, 0, five, Stats.of(List.of()), five, one, 1);
        Cell coldOne = new Cell("t", "default", 1024, "x86_64", "cold", "F", 0, 0, one, one, one, one, 1);
        assertEquals("", Conclusions.fewValues(List.of(warmFive)));
        assertEquals(
                " (n = 1 cold, 5 warm per cell: indicative, too few to test.)",
                Conclusions.fewValues(List.of(warmFive, coldOne)));
    }

    @Test
    void ratiosReadAsTheyAreSpoken() {
        assertEquals("12x faster", Conclusions.faster(742, 62));
        assertEquals("1.30x slower", Conclusions.faster(100, 130));
        assertEquals("no faster", Conclusions.faster(1039.51, 1041.36));
        assertEquals("1.2 s longer", Conclusions.longer(229, 1429));
        assertEquals("not comparable (a value is missing)", Conclusions.faster(Double.NaN, 3));
    }
}
