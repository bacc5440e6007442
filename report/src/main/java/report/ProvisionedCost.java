package report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What provisioned concurrency buys and costs, from one run's cells of an on-demand variant and a provisioned one at the
 * same memory size: the first call of each (a cold start against a call served by an environment initialised ahead),
 * their warm p50, and the monthly cost of both at steady request rates up to what one provisioned environment can serve,
 * with the utilisation above which the provisioned one is cheaper. One environment is allocated all month (730 hours);
 * calls past what it serves spill over at on-demand prices; cold starts of the on-demand variant are left out (a steady
 * rate keeps it warm), which favours on-demand.
 */
final class ProvisionedCost {
    static final double SECONDS_PER_MONTH = 730 * 3600.0;
    private static final int W = 720;
    private static final int H = 400;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    /** The two variants' figures at one memory size, and the rates they are priced at. */
    record Case(
            int memoryMb,
            String architecture,
            Stats onDemandFirst,
            Stats provisionedFirst,
            double onDemandWarmMs,
            double provisionedWarmMs,
            Prices prices,
            ProvisionedPrices rates) {
        double gb() {
            return memoryMb / 1024.0;
        }

        double onDemandPerGbSecond() {
            return "arm64".equals(architecture) ? prices.armPerGbSecond() : prices.x86PerGbSecond();
        }

        /** Calls per second one provisioned environment serves when always busy, at its warm p50. */
        double capacity() {
            return 1000.0 / provisionedWarmMs;
        }

        double onDemandMonthly(double perSecond) {
            return perSecond * SECONDS_PER_MONTH * call(onDemandWarmMs, onDemandPerGbSecond());
        }

        /** One environment allocated all month, the calls it serves at its rate, the rest spilled over on demand. */
        double provisionedMonthly(double perSecond) {
            double served = Math.min(perSecond, capacity());
            return gb() * SECONDS_PER_MONTH * rates.allocatedPerGbSecond()
                    + served * SECONDS_PER_MONTH * call(provisionedWarmMs, rates.durationPerGbSecond())
                    + (perSecond - served) * SECONDS_PER_MONTH * call(onDemandWarmMs, onDemandPerGbSecond());
        }

        private double call(double ms, double perGbSecond) {
            return ms / 1000.0 * gb() * perGbSecond + prices.requestPerMillion() / 1e6;
        }

        /** The break-even utilisation by the rates alone (the same duration either way). */
        double breakEvenByRates() {
            return rates.allocatedPerGbSecond() / (onDemandPerGbSecond() - rates.durationPerGbSecond());
        }

        /** The break-even utilisation with this run's warm durations (NaN when on-demand never costs more). */
        double breakEven() {
            double saving = onDemandWarmMs * onDemandPerGbSecond() - provisionedWarmMs * rates.durationPerGbSecond();
            return saving <= 0 ? Double.NaN : rates.allocatedPerGbSecond() * provisionedWarmMs / saving;
        }
    }

    private ProvisionedCost() {}

    /** The case of the first memory size both variants ran at with warm calls; empty without one or without rates. */
    static Optional<Case> of(RunData run, List<Cell> cells, String onDemand, String provisioned, Prices prices) {
        for (Cell od : cells.stream()
                .filter(c -> c.variant().equals(onDemand) && c.phase().equals("warm"))
                .sorted((a, b) -> Integer.compare(a.memoryMb(), b.memoryMb()))
                .toList()) {
            Optional<Cell> pc = cells.stream()
                    .filter(c -> c.variant().equals(provisioned)
                            && c.phase().equals("warm")
                            && c.memoryMb() == od.memoryMb()
                            && c.architecture().equals(od.architecture()))
                    .findFirst();
            Optional<ProvisionedPrices> rates = ProvisionedPrices.load(prices.region(), od.architecture());
            if (pc.isPresent() && rates.isPresent() && pc.get().duration().count() > 0) {
                return Optional.of(new Case(
                        od.memoryMb(),
                        od.architecture(),
                        FirstCalls.of(run, od.function()),
                        FirstCalls.of(run, pc.get().function()),
                        od.duration().p50(),
                        pc.get().duration().p50(),
                        prices,
                        rates.get()));
            }
        }
        return Optional.empty();
    }

    /** The section's sentence, computed from the case. */
    static String sentence(Optional<Case> found, String provisionedName) {
        if (found.isEmpty()) {
            return "No conclusion computed: the run has no warm calls of both variants at one size, or the prices file"
                    + " has no provisioned-concurrency rates for its region.";
        }
        Case c = found.get();
        double breakEven = c.breakEven();
        String cost = Double.isNaN(breakEven)
                ? String.format(
                        Locale.ROOT,
                        "at this run's durations on demand stays the cheaper one at every utilisation (AWS's %s rates of"
                                + " %s alone, with equal durations, give %.0f %%)",
                        c.prices().region(),
                        c.rates().date(),
                        100 * c.breakEvenByRates())
                : String.format(
                        Locale.ROOT,
                        "by AWS's %s rates (%s) it is the cheaper one above %.0f %% utilisation (%.1f calls/s per"
                                + " environment at this run's durations; the rates alone give %.0f %%)",
                        c.prices().region(),
                        c.rates().date(),
                        100 * breakEven,
                        breakEven * c.capacity(),
                        100 * c.breakEvenByRates());
        return String.format(
                Locale.ROOT,
                "At %d MB the first call took %s ms under %s against a %s ms cold start (%s), and warm calls %s ms"
                        + " p50 against %s ms on demand (%s); one provisioned environment costs $%.2f a month even idle,"
                        + " and %s.",
                c.memoryMb(),
                Format.ms(c.provisionedFirst().p50()),
                provisionedName,
                Format.ms(c.onDemandFirst().p50()),
                faster(c.onDemandFirst().p50(), c.provisionedFirst().p50()),
                Format.ms(c.provisionedWarmMs()),
                Format.ms(c.onDemandWarmMs()),
                faster(c.onDemandWarmMs(), c.provisionedWarmMs()),
                c.provisionedMonthly(0),
                cost);
    }

    private static String faster(double onDemand, double provisioned) {
        return onDemand >= provisioned
                ? Conclusions.ratio(onDemand / provisioned) + " faster"
                : Conclusions.ratio(provisioned / onDemand) + " slower";
    }

    /** Monthly cost of both against utilisation of one provisioned environment (0 to 100 %), break-even marked. */
    static String chart(String title, Case c) {
        int steps = 20;
        List<double[]> points = new ArrayList<>();
        double max = 0;
        for (int i = 0; i <= steps; i++) {
            double perSecond = c.capacity() * i / steps;
            double od = c.onDemandMonthly(perSecond);
            double pc = c.provisionedMonthly(perSecond);
            points.add(new double[] {100.0 * i / steps, od, pc});
            max = Math.max(max, Math.max(od, pc));
        }
        List<Double> yTicks = NiceScale.linearTicks(max, 5);
        double maxY = yTicks.get(yTicks.size() - 1);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        SvgCanvas svg = new SvgCanvas(title, W, H);
        for (double t : yTicks) {
            double y = TOP + plotH - plotH * t / maxY;
            svg.line(LEFT, y, LEFT + plotW, y, "stroke=\"#ddd\"")
                    .text(LEFT - 6, y + 4, "$" + NiceScale.label(t), "text-anchor=\"end\"");
        }
        svg.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "stroke=\"black\"")
                .line(LEFT, TOP, LEFT, TOP + plotH, "stroke=\"black\"");
        for (int u = 0; u <= 100; u += 20) {
            double x = LEFT + plotW * u / 100.0;
            svg.line(x, TOP + plotH, x, TOP + plotH + 5, "stroke=\"black\"")
                    .text(x, TOP + plotH + 20, u + " %", "text-anchor=\"middle\"");
        }
        svg.text(
                LEFT + plotW / 2.0,
                H - 15,
                String.format(
                        Locale.ROOT,
                        "utilisation of one provisioned environment (100 %% = %.1f calls/s at %d MB)",
                        c.capacity(),
                        c.memoryMb()),
                "text-anchor=\"middle\"");
        svg.text(
                18,
                TOP + plotH / 2.0,
                "USD per month",
                "text-anchor=\"middle\" transform=\"rotate(-90 18 " + (TOP + plotH / 2) + ")\"");
        String[] names = {"on demand", "provisioned (1 environment)"};
        for (int s = 0; s < 2; s++) {
            String color = SvgCanvas.COLORS[s % SvgCanvas.COLORS.length];
            StringBuilder line = new StringBuilder();
            for (double[] p : points) {
                double x = LEFT + plotW * p[0] / 100.0;
                double y = TOP + plotH - plotH * p[1 + s] / maxY;
                line.append(line.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                svg.circle(
                        x, y, 2, color, String.format(Locale.ROOT, "%s at %.0f %%: $%.2f", names[s], p[0], p[1 + s]));
            }
            svg.polyline(line.toString(), color, false);
            int ly = TOP + 10 + s * 18;
            svg.line(W - RIGHT + 15, ly, W - RIGHT + 35, ly, "stroke=\"" + color + "\" stroke-width=\"2\"")
                    .text(W - RIGHT + 40, ly + 4, names[s], "");
        }
        double breakEven = c.breakEven();
        if (!Double.isNaN(breakEven) && breakEven <= 1) {
            double x = LEFT + plotW * breakEven;
            svg.line(x, TOP, x, TOP + plotH, "stroke=\"#999\" stroke-dasharray=\"4 4\"")
                    .text(
                            x + 4,
                            TOP + 12,
                            String.format(Locale.ROOT, "break-even %.0f %%", 100 * breakEven),
                            "fill=\"#666\"");
        }
        return svg.close();
    }
}
