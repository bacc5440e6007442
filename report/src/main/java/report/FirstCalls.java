package report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The first call of each round of a function, as its caller waited for it: Init Duration + Duration when it was a cold
 * start, Duration alone when an environment initialised ahead (provisioned concurrency) served it. The rounds' first
 * calls are the responses the runner marked "cold", found by their request id among the REPORT records.
 */
final class FirstCalls {
    private FirstCalls() {}

    static Stats of(RunData run, String function) {
        Map<String, ReportLine> byId = run.lines.getOrDefault(function, List.of()).stream()
                .collect(Collectors.toMap(ReportLine::requestId, Function.identity(), (a, b) -> a));
        List<Double> ms = new ArrayList<>();
        for (JsonNode r : run.responses.getOrDefault(function, List.of())) {
            ReportLine line = byId.get(r.path("requestId").asText(""));
            if (r.path("phase").asText().equals("cold") && line != null && !line.failed()) {
                ms.add(line.durationMs() + (line.initDurationMs() == null ? 0 : line.initDurationMs()));
            }
        }
        return Stats.of(ms);
    }
}
