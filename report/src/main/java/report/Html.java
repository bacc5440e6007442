package report;

import java.util.List;
import java.util.Map;

/** One self-contained HTML page: inline CSS and SVG, no script, no external address, so it opens offline. */
public final class Html {
    private Html() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String page(String title, String facts, List<String> warnings, List<Table> tables,
            Map<String, String> charts) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}\n")
                .append(".facts{color:#555;font-size:.9em}.warning{background:#fff3cd;padding:.5em 1em}\n")
                .append("figure{margin:1em 0}\n</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n")
                .append("<p class=\"facts\">").append(escape(facts)).append("</p>\n");
        for (String warning : warnings) {
            h.append("<p class=\"warning\">").append(escape(warning)).append("</p>\n");
        }
        for (Table table : tables) {
            h.append(table.html(facts));
            String chart = charts.get(table.id());
            if (chart != null && !chart.isEmpty()) {
                h.append("<figure>\n").append(chart).append("</figure>\n");
            }
        }
        return h.append("</body>\n</html>\n").toString();
    }
}
