package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything a run left in results/<run-id>/: its facts, its functions, their REPORT records and their responses. */
public final class RunData {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One function of the run, as functions.json describes it. */
    public record Function(
            String name,
            String technique,
            String variant,
            int memoryMb,
            String architecture,
            String runtime,
            long codeSize) {}

    public final Path dir;
    public final JsonNode run;
    public final List<Function> functions = new ArrayList<>();
    public final Map<String, List<ReportLine>> lines = new LinkedHashMap<>();
    public final Map<String, List<JsonNode>> responses = new LinkedHashMap<>();

    private RunData(Path dir, JsonNode run) {
        this.dir = dir;
        this.run = run;
    }

    public static RunData load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no run folder at " + dir);
        }
        RunData data = new RunData(dir, readJson(dir.resolve("run.json")));
        JsonNode functions = readJson(dir.resolve("functions.json"));
        if (!functions.isArray()) {
            throw new IllegalArgumentException(dir.resolve("functions.json") + " is not a JSON array");
        }
        for (JsonNode f : functions) {
            Function function = new Function(
                    f.path("name").asText(),
                    f.path("technique").asText(),
                    f.path("variant").asText("default"),
                    f.path("memoryMB").asInt(),
                    f.path("architecture").asText("x86_64"),
                    f.path("runtime").asText(""),
                    f.path("codeSize").asLong(0));
            data.functions.add(function);
            data.lines.put(function.name(), readLines(dir.resolve("raw"), function.name()));
            data.responses.put(
                    function.name(), readResponses(dir.resolve("responses").resolve(function.name() + ".jsonl")));
        }
        return data;
    }

    private static JsonNode readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** REPORT records of a function from all its raw sources, each invocation once (keyed by request id). */
    static List<ReportLine> readLines(Path raw, String function) throws IOException {
        Map<String, ReportLine> byId = new LinkedHashMap<>();
        Path tail = raw.resolve(function + ".tail.log");
        if (Files.isRegularFile(tail)) {
            for (String line : Files.readAllLines(tail, StandardCharsets.UTF_8)) {
                ReportLineParser.parse(line).ifPresent(r -> byId.putIfAbsent(r.requestId(), r));
            }
        }
        Path cloudwatch = raw.resolve(function + ".cloudwatch.json");
        Set<String> initRetried = new HashSet<>();
        if (Files.isRegularFile(cloudwatch) && Files.size(cloudwatch) > 0) {
            // an init that timed out (INIT_REPORT ... Status: timeout) is retried inside the next invocation of the
            // same
            // stream: that invocation's REPORT has no Init Duration but is a cold start
            Set<String> timedOutStreams = new HashSet<>();
            for (JsonNode event : JSON.readTree(cloudwatch.toFile()).path("events")) {
                String stream = event.path("logStreamName").asText();
                for (String line : event.path("message").asText().split("\n")) {
                    if (ReportLineParser.isInitTimeout(line)) {
                        timedOutStreams.add(stream);
                        continue;
                    }
                    ReportLineParser.parse(line).ifPresent(r -> {
                        byId.putIfAbsent(r.requestId(), r);
                        if (timedOutStreams.remove(stream) && r.initDurationMs() == null) {
                            initRetried.add(r.requestId());
                        }
                    });
                }
            }
        }
        initRetried.forEach(id -> byId.computeIfPresent(id, (k, r) -> r.withInitRetried()));
        return new ArrayList<>(byId.values());
    }

    private static List<JsonNode> readResponses(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    public int totalLines() {
        return lines.values().stream().mapToInt(List::size).sum();
    }

    public String fact(String field) {
        JsonNode value = run.path(field);
        return value.isMissingNode() || value.isNull()
                ? "unknown"
                : value.isTextual() ? value.asText() : value.toString();
    }
}
