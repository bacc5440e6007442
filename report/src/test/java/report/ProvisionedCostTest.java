package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvisionedCostTest {
    private static final Prices PRICES = Prices.load("us-east-1");
    private static final ProvisionedPrices RATES =
            ProvisionedPrices.load("us-east-1", "x86_64").orElseThrow();

    private static ProvisionedCost.Case at(double onDemandWarmMs, double provisionedWarmMs) {
        return new ProvisionedCost.Case(
                1024,
                "x86_64",
                Stats.of(List.of(1500.0)),
                Stats.of(List.of(300.0)),
                onDemandWarmMs,
                provisionedWarmMs,
                PRICES,
                RATES);
    }

    @Test
    void awsRatesBreakEvenAtSixtyPercentUtilisation() {
        ProvisionedCost.Case c = at(100, 100);
        assertEquals(0.60, c.breakEvenByRates(), 0.001);
        assertEquals(0.60, c.breakEven(), 0.001, "the same duration either way: the rates alone decide");
        // at the break-even rate both cost the same a month
        double perSecond = c.breakEven() * c.capacity();
        assertEquals(c.onDemandMonthly(perSecond), c.provisionedMonthly(perSecond), 1e-6);
        assertTrue(c.provisionedMonthly(0.5 * perSecond) > c.onDemandMonthly(0.5 * perSecond));
        assertTrue(c.provisionedMonthly(1.5 * perSecond) < c.onDemandMonthly(1.5 * perSecond));
        // idle: 1 GB allocated for 730 hours
        assertEquals(1.0 * 730 * 3600 * 0.0000041667, c.provisionedMonthly(0), 1e-9);
    }

    @Test
    void fasterWarmCallsUnderProvisionedConcurrencyLowerTheBreakEven() {
        assertTrue(at(100, 60).breakEven() < 0.60, "C2's shorter calls also cost less");
        assertTrue(at(100, 150).breakEven() > 0.60);
        assertTrue(Double.isNaN(at(50, 100).breakEven()), "on demand never costs more");
    }

    @Test
    void callsPastOneEnvironmentSpillOverAtOnDemandPrices() {
        ProvisionedCost.Case c = at(100, 100);
        double full = c.capacity();
        double extra = c.provisionedMonthly(2 * full) - c.provisionedMonthly(full);
        assertEquals(c.onDemandMonthly(full), extra, 1e-6);
    }

    @Test
    void theSentenceAndTheChartSayWhatTheRunShowed() {
        String s = ProvisionedCost.sentence(Optional.of(at(100, 60)), "provisioned concurrency");
        assertTrue(
                s.startsWith("At 1024 MB the first call took 300.00 ms under provisioned concurrency against a "
                        + "1500.00 ms cold start (5.0x faster), and warm calls 60.00 ms p50 against 100.00 ms on demand "
                        + "(1.67x faster)"),
                s);
        assertTrue(s.contains("the rates alone give 60 %"), s);
        assertTrue(s.contains("it is the cheaper one above 23 % utilisation"), s);
        String never = ProvisionedCost.sentence(Optional.of(at(50, 100)), "provisioned concurrency");
        assertTrue(never.contains("on demand stays the cheaper one at every utilisation"), never);
        String svg = ProvisionedCost.chart("t", at(100, 60));
        assertTrue(svg.contains("break-even"), svg);
        assertTrue(svg.contains("provisioned (1 environment)"), svg);
    }
}
