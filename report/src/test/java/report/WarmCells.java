package report;

import java.util.List;

/** Warm scale-up cells built from a duration sample and a cost, as the conclusion and recommendation tests need them. */
final class WarmCells {
    private WarmCells() {}

    /** A warm scale-up cell: Duration and Billed from the sample, no Init, 60 MB used. */
    static Cell warmScaleUp(String function, String arch, int memory, Stats duration, double cost) {
        return new Cell(
                "scale-up",
                "default",
                memory,
                arch,
                "warm",
                function,
                0,
                0,
                duration,
                Stats.of(List.of()),
                duration,
                Stats.of(List.of(60.0)),
                cost);
    }
}
