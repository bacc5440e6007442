package report;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled table with a note, rendered as Markdown (stdout, tables.md) or HTML (report.html). A table without columns
 * is a note only: a section with nothing to tabulate says why instead of drawing an empty grid.
 */
public record Table(String id, String title, String note, List<String> columns, List<List<String>> rows) {

    public Table(String id, String title, String note, List<String> columns) {
        this(id, title, note, columns, new ArrayList<>());
    }

    public void add(List<String> row) {
        rows.add(row);
    }

    public String markdown(String facts) {
        return "### " + title + "\n\n_" + facts + "_\n\n" + markdownBody();
    }

    /** The note and the grid, without the heading (a section puts its conclusion between them). */
    String markdownBody() {
        StringBuilder md = new StringBuilder();
        if (note != null && !note.isBlank()) {
            md.append(note).append("\n\n");
        }
        if (columns.isEmpty()) {
            return md.toString();
        }
        md.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        columns.forEach(c -> md.append("---|"));
        md.append("\n");
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return md.append("\n").toString();
    }

    public String html(String facts) {
        return "<section id=\"" + Html.escape(id) + "\">\n<h2>" + Html.escape(title) + "</h2>\n<p class=\"facts\">"
                + Html.escape(facts) + "</p>\n" + htmlBody() + "</section>\n";
    }

    String htmlBody() {
        StringBuilder h = new StringBuilder();
        if (note != null && !note.isBlank()) {
            h.append("<p>").append(Html.escape(note)).append("</p>\n");
        }
        if (columns.isEmpty()) {
            return h.toString();
        }
        h.append("<table>\n<thead><tr>");
        columns.forEach(c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            row.forEach(v -> h.append("<td>").append(Html.escape(v)).append("</td>"));
            h.append("</tr>\n");
        }
        return h.append("</tbody>\n</table>\n").toString();
    }
}
