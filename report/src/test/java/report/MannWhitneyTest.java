package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    @Test
    void completeSeparationOfFourAgainstFourHasTheTextbookExactP() {
        // U = 0; one arrangement in C(8,4) = 70 on each side: p = 2/70
        MannWhitney.Result r = MannWhitney.test(List.of(1.0, 2.0, 3.0, 4.0), List.of(5.0, 6.0, 7.0, 8.0));
        assertEquals(0, r.u());
        assertTrue(r.exact());
        assertEquals(2 / 70.0, r.p(), 1e-12);
    }

    @Test
    void criticalValueOfFiveAgainstFiveIsTwo() {
        // textbook table, two-sided alpha 0.05, n1 = n2 = 5: critical U = 2 (U <= 2 significant, U = 3 not)
        // U = 2: counts of U = 0, 1, 2 are 1, 1, 2 of 252 -> p = 2 * 4/252 = 0.0317
        MannWhitney.Result two = MannWhitney.test(List.of(1.0, 2.0, 3.0, 4.0, 7.0), List.of(5.0, 6.0, 8.0, 9.0, 10.0));
        assertEquals(2, two.u());
        assertEquals(8 / 252.0, two.p(), 1e-12);
        MannWhitney.Result three =
                MannWhitney.test(List.of(1.0, 2.0, 3.0, 4.0, 8.0), List.of(5.0, 6.0, 7.0, 9.0, 10.0));
        assertEquals(3, three.u());
        assertEquals(14 / 252.0, three.p(), 1e-12, "counts 1, 1, 2, 3 of 252");
        assertTrue(two.p() < 0.05 && three.p() > 0.05);
    }

    @Test
    void largeSampleWithTiesMatchesTheNormalApproximation() {
        // scipy.stats.mannwhitneyu(a, b, alternative='two-sided', method='asymptotic', use_continuity=True)
        // for these values: U = 18.5, p = 0.0021600 (ties present, so no exact p)
        List<Double> a = List.of(1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        List<Double> b = List.of(5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 12.0, 13.0, 14.0, 15.0);
        MannWhitney.Result r = MannWhitney.test(a, b);
        assertFalse(r.exact());
        assertEquals(18.5, r.u(), 1e-9);
        assertEquals(0.0021600, r.p(), 1e-6);
    }

    @Test
    void smallestReachablePAndTheMinimumNAtFivePercent() {
        assertEquals(0.1, MannWhitney.smallestP(3, 3), 1e-12, "2 / C(6,3)");
        assertEquals(2 / 70.0, MannWhitney.smallestP(4, 4), 1e-12);
        assertEquals(2 / 4.0, MannWhitney.smallestP(1, 3), 1e-12, "one cold call against three");
        assertEquals(4, MannWhitney.smallestEqualN(0.05));
        assertEquals(5, MannWhitney.smallestEqualN(0.01), "2/252 = 0.0079");
    }

    @Test
    void identicalSamplesAreNoEvidence() {
        assertEquals(
                1.0,
                MannWhitney.test(List.of(5.0, 5.0, 5.0, 5.0), List.of(5.0, 5.0, 5.0, 5.0))
                        .p());
    }
}
