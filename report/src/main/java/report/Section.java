package report;

import java.util.List;
import java.util.Optional;

/**
 * One part of the report's story: its table, the sentence that says what this run showed, the talk's figures where the
 * talk had the experiment, and its charts (name of the SVG file → SVG text).
 */
record Section(Table table, String conclusion, Optional<String> talk, List<Chart> charts) {

    /** One chart: the file it is written to under report/charts/ and its SVG. */
    record Chart(String file, String svg) {}

    String id() {
        return table.id();
    }

    String markdown(String facts) {
        StringBuilder md = new StringBuilder("### ")
                .append(table.title())
                .append("\n\n_")
                .append(facts)
                .append("_\n\n");
        md.append("**").append(conclusion).append("**\n\n");
        talk.ifPresent(t -> md.append("The talk: ").append(t).append("\n\n"));
        return md.append(table.markdownBody()).toString();
    }

    String html(String facts) {
        StringBuilder h = new StringBuilder("<section id=\"")
                .append(Html.escape(id()))
                .append("\">\n<h2>")
                .append(Html.escape(table.title()))
                .append("</h2>\n<p class=\"facts\">")
                .append(Html.escape(facts))
                .append("</p>\n<p class=\"conclusion\">")
                .append(Html.escape(conclusion))
                .append("</p>\n");
        talk.ifPresent(t ->
                h.append("<p class=\"talk\">The talk: ").append(Html.escape(t)).append("</p>\n"));
        h.append(table.htmlBody());
        for (Chart chart : charts) {
            h.append("<figure>\n").append(chart.svg()).append("</figure>\n");
        }
        return h.append("</section>\n").toString();
    }
}
