package report;

import java.util.Locale;

/** The few SVG elements the charts draw, written as text: no library, no script, no external reference. */
final class SvgCanvas {
    static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
    };

    private final StringBuilder s = new StringBuilder();

    SvgCanvas(String title, int width, int height) {
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">\n<title>%s</title>\n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                width,
                height,
                width,
                height,
                Html.escape(title)));
        text(12, 22, title, "font-size=\"15\" font-weight=\"bold\"");
    }

    SvgCanvas line(double x1, double y1, double x2, double y2, String attributes) {
        s.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n",
                x1,
                y1,
                x2,
                y2,
                attributes));
        return this;
    }

    SvgCanvas rect(double x, double y, double w, double h, String fill, String tooltip) {
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s</title></rect>\n",
                x,
                y,
                Math.max(0, w),
                Math.max(0, h),
                fill,
                Html.escape(tooltip)));
        return this;
    }

    SvgCanvas circle(double x, double y, double r, String fill, String tooltip) {
        s.append(String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>%s</title></circle>\n",
                x,
                y,
                r,
                fill,
                Html.escape(tooltip)));
        return this;
    }

    SvgCanvas polyline(String points, String color, boolean dashed) {
        s.append(String.format(
                Locale.ROOT,
                "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                points,
                color,
                dashed ? " stroke-dasharray=\"6 3\"" : ""));
        return this;
    }

    SvgCanvas text(double x, double y, String text, String attributes) {
        s.append(String.format(
                Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>\n", x, y, attributes, Html.escape(text)));
        return this;
    }

    String close() {
        return s.append("</svg>\n").toString();
    }
}
