package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsAndCostTest {

    @Test
    void nearestRankPercentilesAndTrimmedMean() {
        // 1..10: p50 = 5th value, p90 = 9th; 10% trim drops 1 and 10 -> mean of 2..9 = 5.5
        Stats s = Stats.of(List.of(7.0, 1.0, 10.0, 3.0, 5.0, 2.0, 9.0, 4.0, 8.0, 6.0));
        assertEquals(10, s.count());
        assertEquals(5.0, s.p50());
        assertEquals(9.0, s.p90());
        assertEquals(1.0, s.min());
        assertEquals(10.0, s.max());
        assertEquals(5.5, s.trimmedMean(), 1e-9);
        assertEquals(5.5, s.mean(), 1e-9);
    }

    @Test
    void smallCellsTrimNothing() {
        Stats s = Stats.of(List.of(100.0, 1.0, 4.0));
        assertEquals(4.0, s.p50());
        assertEquals(35.0, s.trimmedMean(), 1e-9);
        assertEquals(0, Stats.of(List.of()).count());
    }

    @Test
    void costOfTheDocsExample() {
        // AWS docs: cold start Duration 15.74 + Init 130.49 -> Billed 147 ms; at 128 MB on x86_64 in us-east-1
        Prices prices = Prices.load("us-east-1");
        double expected = 0.147 * (128 / 1024.0) * 0.0000166667 + 0.20 / 1_000_000;
        assertEquals(expected, prices.perInvocation(147, 128, "x86_64"), 1e-15);
        assertTrue(prices.perInvocation(147, 128, "arm64") < prices.perInvocation(147, 128, "x86_64"));
    }

    @Test
    void oneGbSecondCostsThePriceOfOneGbSecondPlusTheRequest() {
        Prices prices = Prices.load(null);
        assertEquals(0.0000166667 + 0.0000002, prices.perInvocation(1000, 1024, "x86_64"), 1e-15);
        assertEquals(0.0000133334 + 0.0000002, prices.perInvocation(1000, 1024, "arm64"), 1e-15);
    }

    @Test
    void unknownRegionIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prices.load("mars-north-1"));
        assertTrue(e.getMessage().contains("mars-north-1") && e.getMessage().contains("us-east-1"), e.getMessage());
    }
}
