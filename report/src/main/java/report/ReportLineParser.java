package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads REPORT records in the two shapes Lambda writes: the text line (fields tab-separated; the order is not relied on,
 * so the emulator's variant with Init Duration first, or spaces instead of tabs, reads the same) and the JSON
 * {"type":"platform.report"} event of the JSON log format.
 */
public final class ReportLineParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST_ID = Pattern.compile("REPORT RequestId: ([0-9A-Za-z-]+)");
    private static final Pattern FIELD = Pattern.compile(
            "(Duration|Billed Duration|Memory Size|Max Memory Used|Init Duration|Restore Duration|Billed Restore Duration"
                    + "|Status|Error Type): ([^\\t]+?)(?=\\s+(?:Duration|Billed Duration|Memory Size|Max Memory Used|Init Duration"
                    + "|Restore Duration|Billed Restore Duration|Status|Error Type):|\\t|\\s*$)");

    private ReportLineParser() {}

    public static Optional<ReportLine> parse(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String text = message.strip();
        if (text.startsWith("{")) {
            return parseJson(text);
        }
        Matcher id = REQUEST_ID.matcher(text);
        if (!id.find()) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(text.substring(id.end()));
        while (field.find()) {
            fields.putIfAbsent(field.group(1), field.group(2).trim());
        }
        if (!fields.containsKey("Duration")) {
            return Optional.empty();
        }
        return Optional.of(new ReportLine(
                id.group(1),
                number(fields.get("Duration")),
                number(fields.getOrDefault("Billed Duration", fields.get("Duration"))),
                (int) number(fields.getOrDefault("Memory Size", "0")),
                (int) number(fields.getOrDefault("Max Memory Used", "0")),
                optional(fields.get("Init Duration")),
                optional(fields.get("Restore Duration")),
                optional(fields.get("Billed Restore Duration")),
                fields.getOrDefault("Status", "success"),
                fields.get("Error Type"),
                false));
    }

    private static Optional<ReportLine> parseJson(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception notJson) {
            return Optional.empty();
        }
        if (!"platform.report".equals(node.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode record = node.path("record");
        JsonNode metrics = record.path("metrics");
        if (!metrics.has("durationMs")) {
            return Optional.empty();
        }
        return Optional.of(new ReportLine(
                record.path("requestId").asText(),
                metrics.path("durationMs").asDouble(),
                metrics.path("billedDurationMs")
                        .asDouble(metrics.path("durationMs").asDouble()),
                metrics.path("memorySizeMB").asInt(),
                metrics.path("maxMemoryUsedMB").asInt(),
                metrics.has("initDurationMs") ? metrics.get("initDurationMs").asDouble() : null,
                metrics.has("restoreDurationMs")
                        ? metrics.get("restoreDurationMs").asDouble()
                        : null,
                metrics.has("billedRestoreDurationMs")
                        ? metrics.get("billedRestoreDurationMs").asDouble()
                        : null,
                record.path("status").asText("success"),
                record.has("errorType") ? record.get("errorType").asText() : null,
                false));
    }

    /** An INIT_REPORT of an on-demand init stopped at Lambda's 10 s limit (text or JSON platform.initReport). */
    public static boolean isInitTimeout(String message) {
        if (message == null) {
            return false;
        }
        String text = message.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                JsonNode record = node.path("record");
                return "platform.initReport".equals(node.path("type").asText())
                        && "timeout".equals(record.path("status").asText())
                        && "init".equals(record.path("phase").asText("init"));
            } catch (Exception notJson) {
                return false;
            }
        }
        return text.startsWith("INIT_REPORT ") && text.contains("Status: timeout") && !text.contains("Phase: invoke");
    }

    private static double number(String value) {
        return Double.parseDouble(value.replaceAll("[^0-9.]", ""));
    }

    private static Double optional(String value) {
        return value == null ? null : number(value);
    }
}
