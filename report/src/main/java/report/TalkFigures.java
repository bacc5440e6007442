package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The 2020 Python talk's figures, one line per section it covered, from the one data file
 * report/src/main/resources/report/talk-figures.json (source inside), so the code never carries a figure of its own.
 */
final class TalkFigures {
    private final JsonNode root;

    private TalkFigures(JsonNode root) {
        this.root = root;
    }

    static TalkFigures load() {
        try (InputStream in = TalkFigures.class.getResourceAsStream("/report/talk-figures.json")) {
            return new TalkFigures(new ObjectMapper().readTree(in));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("talk figures unreadable: " + e.getMessage(), e);
        }
    }

    /** The talk's figures for a technique, when the talk had that experiment. */
    Optional<String> forTechnique(String technique) {
        JsonNode text = root.path("sections").path(technique);
        return text.isTextual() ? Optional.of(text.asText()) : Optional.empty();
    }

    String source() {
        return root.path("source").asText();
    }
}
