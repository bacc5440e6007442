package report;

import java.util.List;

/** One self-contained HTML page: inline CSS and SVG, no script, no external address, so it opens offline. */
public final class Html {
    private Html() {}

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    static String page(String title, String facts, List<String> warnings, List<Section> sections, String talkSource) {
        StringBuilder h = new StringBuilder(
                        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title))
                .append("</title>\n<style>\n")
                .append(
                        "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}\n")
                .append(
                        "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}\n")
                .append(".facts{color:#555;font-size:.9em}.warning{background:#fff3cd;padding:.5em 1em}\n")
                .append(".conclusion{font-weight:bold;font-size:1.05em}.talk{color:#444;border-left:3px solid #ccc;")
                .append("padding-left:.8em}\nfigure{margin:1em 0}\n</style>\n</head>\n<body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<p class=\"facts\">")
                .append(escape(facts))
                .append("</p>\n");
        for (String warning : warnings) {
            h.append("<p class=\"warning\">").append(escape(warning)).append("</p>\n");
        }
        h.append("<p class=\"facts\">\"The talk\" lines quote ")
                .append(escape(talkSource))
                .append(".</p>\n");
        for (Section section : sections) {
            h.append(section.html(facts));
        }
        return h.append("</body>\n</html>\n").toString();
    }
}
