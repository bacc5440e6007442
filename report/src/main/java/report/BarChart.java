package report;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Horizontal bars, one row per variant (and memory size): the cold start split into Init and first call (stacked), or
 * the warm p50 with a whisker from p10 to p90. Each row names its n, so one cold call is not read as a distribution.
 */
final class BarChart {
    private static final int W = 720;
    private static final int LABEL = 190;
    private static final int RIGHT = 130;
    private static final int TOP = 50;
    private static final int ROW = 30;
    private static final int BOTTOM = 50;
    private static final String INIT = "#ff7f0e";
    private static final String FIRST_CALL = "#1f77b4";
    private static final String WARM = "#2ca02c";

    private BarChart() {}

    private static String label(Cell c, boolean manyMemories) {
        return c.variant() + (manyMemories ? " " + c.memoryMb() + " MB" : "");
    }

    private static boolean manyMemories(List<Cell> cells) {
        return cells.stream().map(Cell::memoryMb).distinct().count() > 1;
    }

    /** Init p50 and first-call (cold Duration) p50 stacked per cold cell; empty without cold cells. */
    static String coldStart(String title, List<Cell> coldCells) {
        List<Cell> rows =
                coldCells.stream().filter(c -> c.duration().count() > 0).toList();
        if (rows.isEmpty()) {
            return "";
        }
        double max = rows.stream()
                .mapToDouble(c -> nan0(c.init().p50()) + c.duration().p50())
                .max()
                .orElse(1);
        Frame f = new Frame(title, rows.size(), max, "ms (p50 of cold starts)");
        boolean many = manyMemories(rows);
        for (int i = 0; i < rows.size(); i++) {
            Cell c = rows.get(i);
            double init = nan0(c.init().p50());
            double y = f.rowY(i);
            f.svg.rect(f.x(0), y, f.x(init) - f.x(0), ROW - 10, INIT, "Init p50 " + Format.ms(init) + " ms")
                    .rect(
                            f.x(init),
                            y,
                            f.x(init + c.duration().p50()) - f.x(init),
                            ROW - 10,
                            FIRST_CALL,
                            "first call p50 " + Format.ms(c.duration().p50()) + " ms");
            f.rowLabel(y, label(c, many) + " (n=" + c.duration().count() + ")");
            f.valueLabel(
                    f.x(init + c.duration().p50()) + 4,
                    y,
                    Format.whole(init) + " + " + Format.whole(c.duration().p50()) + " ms");
        }
        f.legend(new String[] {"Init", "first call"}, new String[] {INIT, FIRST_CALL});
        return f.svg.close();
    }

    /** Warm p50 per warm cell as a bar, p10 to p90 as a whisker; empty without warm cells. */
    static String warm(String title, List<Cell> warmCells) {
        List<Cell> rows =
                warmCells.stream().filter(c -> c.duration().count() > 0).toList();
        if (rows.isEmpty()) {
            return "";
        }
        double max = rows.stream().mapToDouble(c -> c.duration().p90()).max().orElse(1);
        Frame f = new Frame(title, rows.size(), max, "ms (warm p50, whisker p10 to p90)");
        boolean many = manyMemories(rows);
        for (int i = 0; i < rows.size(); i++) {
            Cell c = rows.get(i);
            double y = f.rowY(i);
            double mid = y + (ROW - 10) / 2.0;
            f.svg.rect(
                            f.x(0),
                            y,
                            f.x(c.duration().p50()) - f.x(0),
                            ROW - 10,
                            WARM,
                            "warm p50 " + Format.ms(c.duration().p50()) + " ms")
                    .line(
                            f.x(c.duration().p10()),
                            mid,
                            f.x(c.duration().p90()),
                            mid,
                            "stroke=\"black\" stroke-width=\"1.5\"")
                    .line(f.x(c.duration().p10()), mid - 5, f.x(c.duration().p10()), mid + 5, "stroke=\"black\"")
                    .line(f.x(c.duration().p90()), mid - 5, f.x(c.duration().p90()), mid + 5, "stroke=\"black\"");
            f.rowLabel(y, label(c, many) + " (n=" + c.duration().count() + ")");
            f.valueLabel(
                    f.x(Math.max(c.duration().p50(), c.duration().p90())) + 6,
                    y,
                    Format.ms(c.duration().p50()) + " ms");
        }
        f.legend(new String[] {"warm p50", "p10 to p90"}, new String[] {WARM, "black"});
        return f.svg.close();
    }

    /** One plain bar per label (e.g. what each technique cost), its value written beside it; empty without values. */
    static String values(
            String title, List<String> labels, List<Double> values, String axisLabel, DoubleFunction<String> format) {
        if (labels.isEmpty()) {
            return "";
        }
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        Frame f = new Frame(title, labels.size(), max, axisLabel);
        for (int i = 0; i < labels.size(); i++) {
            double y = f.rowY(i);
            f.svg.rect(f.x(0), y, f.x(values.get(i)) - f.x(0), ROW - 10, FIRST_CALL, format.apply(values.get(i)));
            f.rowLabel(y, labels.get(i));
            f.valueLabel(f.x(values.get(i)) + 4, y, format.apply(values.get(i)));
        }
        return f.svg.close();
    }

    private static double nan0(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** The canvas, the value axis with round ticks, and the row positions. */
    private static final class Frame {
        final SvgCanvas svg;
        final double maxX;
        final int plotW = W - LABEL - RIGHT;
        final int plotBottom;

        /** The row's name, right-aligned left of the plot. */
        void rowLabel(double rowY, String text) {
            svg.text(LABEL - 6, rowY + 14, text, "text-anchor=\"end\"");
        }

        /** The row's value, written at x beside its bar. */
        void valueLabel(double x, double rowY, String text) {
            svg.text(x, rowY + 14, text, "fill=\"#444\"");
        }

        Frame(String title, int rows, double maxValue, String axisLabel) {
            plotBottom = TOP + rows * ROW;
            svg = new SvgCanvas(title, W, plotBottom + BOTTOM);
            List<Double> ticks = NiceScale.linearTicks(maxValue, 6);
            maxX = ticks.get(ticks.size() - 1);
            for (double t : ticks) {
                svg.line(x(t), TOP - 5, x(t), plotBottom, "stroke=\"#ddd\"")
                        .text(x(t), plotBottom + 16, NiceScale.label(t), "text-anchor=\"middle\"");
            }
            svg.line(LABEL, plotBottom, LABEL + plotW, plotBottom, "stroke=\"black\"")
                    .line(LABEL, TOP - 5, LABEL, plotBottom, "stroke=\"black\"")
                    .text(LABEL + plotW / 2.0, plotBottom + 36, axisLabel, "text-anchor=\"middle\"");
        }

        double x(double v) {
            return LABEL + plotW * v / maxX;
        }

        double rowY(int i) {
            return TOP + i * ROW + 5;
        }

        void legend(String[] names, String[] colors) {
            double lx = LABEL;
            for (int i = 0; i < names.length; i++) {
                svg.rect(lx, 30, 12, 10, colors[i], names[i]).text(lx + 16, 40, names[i], "");
                lx += 30 + names[i].length() * 7;
            }
        }
    }
}
