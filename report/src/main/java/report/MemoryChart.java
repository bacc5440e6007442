package report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * A metric against memory size, one line per variant and phase. Memory runs on a log-2 axis (each doubling the same
 * width, as Lambda's sizes are chosen) with ticks at powers of two; the metric's axis starts at zero with round ticks.
 */
final class MemoryChart {
    private static final int W = 720;
    private static final int H = 400;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private MemoryChart() {}

    /** The chart, or empty when the cells have fewer than two memory sizes (a line needs two points). */
    static String of(String title, String yLabel, List<Cell> cells, ToDoubleFunction<Cell> metric) {
        Map<String, List<Cell>> series = new TreeMap<>();
        boolean bothPhases = cells.stream().map(Cell::phase).distinct().count() > 1;
        for (Cell c : cells) {
            if (!Double.isNaN(metric.applyAsDouble(c))) {
                series.computeIfAbsent(c.variant() + (bothPhases ? " " + c.phase() : ""), k -> new ArrayList<>())
                        .add(c);
            }
        }
        List<Integer> memories =
                cells.stream().map(Cell::memoryMb).distinct().sorted().toList();
        if (memories.size() < 2 || series.isEmpty()) {
            return "";
        }
        double maxValue = cells.stream()
                .mapToDouble(metric)
                .filter(v -> !Double.isNaN(v))
                .max()
                .orElse(1);
        List<Double> yTicks = NiceScale.linearTicks(maxValue, 5);
        double maxY = yTicks.get(yTicks.size() - 1);
        List<Integer> xTicks = NiceScale.powersOfTwo(memories.get(0), memories.get(memories.size() - 1));
        double minLog = log2(xTicks.get(0));
        double maxLog = log2(xTicks.get(xTicks.size() - 1));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        ToDoubleFunction<Integer> x = m -> LEFT + plotW * (log2(m) - minLog) / (maxLog - minLog);
        ToDoubleFunction<Double> y = v -> TOP + plotH - plotH * v / maxY;

        SvgCanvas svg = new SvgCanvas(title, W, H);
        for (double t : yTicks) {
            svg.line(LEFT, y.applyAsDouble(t), LEFT + plotW, y.applyAsDouble(t), "stroke=\"#ddd\"")
                    .text(LEFT - 6, y.applyAsDouble(t) + 4, NiceScale.label(t), "text-anchor=\"end\"");
        }
        svg.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "stroke=\"black\"")
                .line(LEFT, TOP, LEFT, TOP + plotH, "stroke=\"black\"");
        for (int m : xTicks) {
            double px = x.applyAsDouble(m);
            svg.line(px, TOP + plotH, px, TOP + plotH + 5, "stroke=\"black\"")
                    .text(px, TOP + plotH + 20, Integer.toString(m), "text-anchor=\"middle\"");
        }
        if (Tables.ONE_VCPU_MB > memories.get(0) && Tables.ONE_VCPU_MB < memories.get(memories.size() - 1)) {
            double px = x.applyAsDouble(Tables.ONE_VCPU_MB);
            svg.line(px, TOP, px, TOP + plotH, "stroke=\"#999\" stroke-dasharray=\"4 4\"")
                    .text(px + 4, TOP + 12, "1 vCPU (1769 MB)", "fill=\"#666\"");
        }
        svg.text(LEFT + plotW / 2.0, H - 15, "memory (MB, log 2 scale)", "text-anchor=\"middle\"");
        svg.text(
                18,
                TOP + plotH / 2.0,
                yLabel,
                "text-anchor=\"middle\" transform=\"rotate(-90 18 " + (TOP + plotH / 2) + ")\"");
        int index = 0;
        for (Map.Entry<String, List<Cell>> entry : series.entrySet()) {
            String color = SvgCanvas.COLORS[index % SvgCanvas.COLORS.length];
            StringBuilder points = new StringBuilder();
            for (Cell c : entry.getValue().stream()
                    .sorted(Comparator.comparingInt(Cell::memoryMb))
                    .toList()) {
                double px = x.applyAsDouble(c.memoryMb());
                double py = y.applyAsDouble(metric.applyAsDouble(c));
                points.append(points.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
                svg.circle(
                        px,
                        py,
                        3,
                        color,
                        c.memoryMb() + " MB: " + Format.ms(metric.applyAsDouble(c)) + " (n="
                                + c.duration().count() + ")");
            }
            svg.polyline(points.toString(), color, entry.getKey().endsWith("cold"));
            int ly = TOP + 10 + index * 18;
            svg.line(W - RIGHT + 15, ly, W - RIGHT + 35, ly, "stroke=\"" + color + "\" stroke-width=\"2\"")
                    .text(W - RIGHT + 40, ly + 4, entry.getKey(), "");
            index++;
        }
        return svg.close();
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
