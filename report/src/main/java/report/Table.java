package report;

import java.util.ArrayList;
import java.util.List;

/** A titled table with a note, rendered as Markdown (stdout, tables.md) or HTML (report.html). */
public record Table(String id, String title, String note, List<String> columns, List<List<String>> rows) {

    public Table(String id, String title, String note, List<String> columns) {
        this(id, title, note, columns, new ArrayList<>());
    }

    public void add(List<String> row) {
        rows.add(row);
    }

    public String markdown(String facts) {
        StringBuilder md = new StringBuilder("### ").append(title).append("\n\n");
        md.append("_").append(facts).append("_\n\n");
        if (note != null && !note.isBlank()) {
            md.append(note).append("\n\n");
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
        StringBuilder h = new StringBuilder("<section id=\"").append(Html.escape(id)).append("\">\n<h2>")
                .append(Html.escape(title)).append("</h2>\n<p class=\"facts\">").append(Html.escape(facts)).append("</p>\n");
        if (note != null && !note.isBlank()) {
            h.append("<p>").append(Html.escape(note)).append("</p>\n");
        }
        h.append("<table>\n<thead><tr>");
        columns.forEach(c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            row.forEach(v -> h.append("<td>").append(Html.escape(v)).append("</td>"));
            h.append("</tr>\n");
        }
        return h.append("</tbody>\n</table>\n</section>\n").toString();
    }
}
