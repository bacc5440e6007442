package report;

import java.util.List;
import java.util.Optional;

/**
 * One part of the report's story: the question it answers (a technique's, from the registry), its table, the sentence
 * that says what this run showed, the talk's figures where the talk had the experiment, and its charts (name of the SVG
 * file → SVG text).
 */
record Section(Optional<String> question, Table table, String conclusion, Optional<String> talk, List<Chart> charts) {

    /** A section that answers no technique's question (recommendations, cost, the tuning report's parts). */
    Section(Table table, String conclusion, Optional<String> talk, List<Chart> charts) {
        this(Optional.empty(), table, conclusion, talk, charts);
    }

    /** One chart: the file it is written to under report/charts/ and its SVG. */
    record Chart(String file, String svg) {}

    String id() {
        return table.id();
    }

    String markdown(String facts) {
        StringBuilder md = new StringBuilder("### ").append(table.title()).append("\n\n");
        question.ifPresent(q -> md.append("Question: ").append(q).append("\n\n"));
        md.append("_").append(facts).append("_\n\n");
        md.append("**").append(conclusion).append("**\n\n");
        talk.ifPresent(t -> md.append("The talk: ").append(t).append("\n\n"));
        return md.append(table.markdownBody()).toString();
    }

    String html(String facts) {
        StringBuilder h = new StringBuilder("<section id=\"")
                .append(Html.escape(id()))
                .append("\">\n<h2>")
                .append(Html.escape(table.title()))
                .append("</h2>\n");
        question.ifPresent(q -> h.append("<p class=\"question\">Question: ")
                .append(Html.escape(q))
                .append("</p>\n"));
        h.append("<p class=\"facts\">")
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
