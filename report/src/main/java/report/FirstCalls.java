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
 * calls are the responses the runner marked "cold", found by their request id among the REPORT records; a burst's
 * calls (more at once than the provisioned concurrency) those it marked "burst".
 */
final class FirstCalls {
    private FirstCalls() {}

    /** The burst calls (phase "burst") that were cold starts, and all of them: "1 of 2". */
    static String burstColdStarts(RunData run, String function) {
        Map<String, ReportLine> byId = byId(run, function);
        int calls = 0;
        int cold = 0;
        for (JsonNode r : run.responses.getOrDefault(function, List.of())) {
            if (r.path("phase").asText().equals("burst")) {
                calls++;
                ReportLine line = byId.get(r.path("requestId").asText(""));
                cold += line != null && line.cold() ? 1 : 0;
            }
        }
        return calls == 0 ? "–" : cold + " of " + calls;
    }

    private static Map<String, ReportLine> byId(RunData run, String function) {
        return run.lines.getOrDefault(function, List.of()).stream()
                .collect(Collectors.toMap(ReportLine::requestId, Function.identity(), (a, b) -> a));
    }

    static Stats of(RunData run, String function) {
        Map<String, ReportLine> byId = byId(run, function);
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
