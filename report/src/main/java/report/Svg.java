package report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Line charts as plain SVG (no library, no script): one series per variant and phase, x = memory, y = a metric. */
public final class Svg {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f"};
    private static final int W = 720;
    private static final int H = 400;
    private static final int LEFT = 80;
    private static final int RIGHT = 180;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private Svg() {
    }

    /** A chart of one technique, or empty when it has fewer than two memory sizes. */
    public static String chart(String title, String yLabel, List<Cell> cells, ToDoubleFunction<Cell> metric) {
        Map<String, List<Cell>> series = new TreeMap<>();
        for (Cell c : cells) {
            if (!Double.isNaN(metric.applyAsDouble(c))) {
                series.computeIfAbsent(c.variant() + " " + c.phase(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Integer> memories = cells.stream().map(Cell::memoryMb).distinct().sorted().toList();
        if (memories.size() < 2 || series.isEmpty()) {
            return "";
        }
        double maxY = cells.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).max().orElse(1) * 1.1;
        int minX = memories.get(0);
        int maxX = memories.get(memories.size() - 1);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">\n<title>%s</title>\n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                W, H, W, H, Html.escape(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>\n", LEFT,
                Html.escape(title)));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        s.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, LEFT, TOP, LEFT, TOP + plotH));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4, Format.whole(v)));
        }
        for (int m : memories) {
            double x = x(m, minX, maxX, plotW);
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
                    x, TOP + plotH, x, TOP + plotH + 5, x, TOP + plotH + 20, m));
        }
        if (Tables.ONE_VCPU_MB > minX && Tables.ONE_VCPU_MB < maxX) {
            double x = x(Tables.ONE_VCPU_MB, minX, maxX, plotW);
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" fill=\"#666\">1 vCPU</text>\n",
                    x, TOP, x, TOP + plotH, x + 4, TOP + 12));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">memory (MB)</text>\n",
                LEFT + plotW / 2, H - 15));
        s.append(String.format(Locale.ROOT,
                "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">%s</text>\n",
                TOP + plotH / 2, TOP + plotH / 2, Html.escape(yLabel)));
        int index = 0;
        for (Map.Entry<String, List<Cell>> entry : series.entrySet()) {
            String color = COLORS[index % COLORS.length];
            List<Cell> points = entry.getValue().stream().sorted(java.util.Comparator.comparingInt(Cell::memoryMb)).toList();
            StringBuilder path = new StringBuilder();
            for (Cell c : points) {
                double x = x(c.memoryMb(), minX, maxX, plotW);
                double y = TOP + plotH - plotH * metric.applyAsDouble(c) / maxY;
                path.append(path.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y, color));
            }
            s.append(String.format(Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n", path, color,
                    entry.getKey().endsWith("cold") ? " stroke-dasharray=\"6 3\"" : ""));
            int ly = TOP + 10 + index * 18;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>\n",
                    W - RIGHT + 15, ly, W - RIGHT + 35, ly, color, W - RIGHT + 40, ly + 4, Html.escape(entry.getKey())));
            index++;
        }
        return s.append("</svg>\n").toString();
    }

    private static double x(int memory, int minX, int maxX, int plotW) {
        return LEFT + plotW * (memory - minX) / (double) (maxX - minX);
    }
}
