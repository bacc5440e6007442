package runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import report.ReportLine;
import report.ReportLineParser;

/**
 * The REPORT and INIT_REPORT records of a log group read back from CloudWatch Logs (filter-log-events), for both
 * runners, in either log format (text lines, or JSON platform.report events). On AWS the logs arrive with a lag: the
 * query is repeated every 5 s until the expected REPORT records are there or the deadline passed (then a warning: the
 * tail logs have them all); the local Lambda's log store has every line at once. A failing query is tried 3 times.
 */
final class Logs {
    /** Thrown when the query kept failing; the message is the last failure's (in the CLI's words). */
    static final class QueryFailed extends Exception {
        QueryFailed(String message) {
            super(message);
        }
    }

    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final Api api;
    private final Consumer<String> log;
    private final Sleeper sleeper;

    Logs(Api api, Consumer<String> log, Sleeper sleeper) {
        this.api = api;
        this.log = log;
        this.sleeper = sleeper;
    }

    /** filter-log-events' answer ({"events": [...]}) for the group since startMs. */
    JsonNode fetch(String group, long startMs, int expected, long deadlineMs, boolean waitForAll, String label)
            throws QueryFailed, InterruptedException {
        int attempt = 0;
        while (true) {
            attempt++;
            Api.Reply r = api.filterLogEvents(group, startMs, "?REPORT ?INIT_REPORT");
            if (r.ok()) {
                JsonNode answer = parse(r.out());
                if (!waitForAll) {
                    return answer;
                }
                int found = reportCount(answer.path("events"));
                if (found >= expected) {
                    return answer;
                }
                if (System.currentTimeMillis() >= deadlineMs) {
                    log.accept("warning: " + label + found + " of " + expected
                            + " REPORT lines in CloudWatch Logs after waiting; the tail logs have them all");
                    return answer;
                }
                log.accept("  " + label + found + " of " + expected + " REPORT lines in CloudWatch Logs so far, waiting ...");
                sleeper.sleep(5000);
            } else {
                if (attempt >= 3 || System.currentTimeMillis() >= deadlineMs) {
                    throw new QueryFailed(r.error());
                }
                sleeper.sleep(2000);
            }
        }
    }

    private static JsonNode parse(String out) {
        JsonNode n = Json.parseOrText(out.isBlank() ? "{}" : out);
        if (!n.isObject()) {
            n = Json.object();
        }
        if (!n.path("events").isArray()) {
            ((ObjectNode) n).set("events", Json.array());
        }
        return n;
    }

    static int reportCount(JsonNode events) {
        int n = 0;
        for (JsonNode e : events) {
            if (ReportLineParser.parse(e.path("message").asText()).isPresent()) {
                n++;
            }
        }
        return n;
    }

    /** The request ids of the REPORT records in a log (text or JSON). */
    static Set<String> requestIds(String log) {
        Set<String> ids = new HashSet<>();
        for (ReportLine r : Invocation.reports(log)) {
            ids.add(r.requestId());
        }
        return ids;
    }

    private static Optional<String> idOf(JsonNode event) {
        return ReportLineParser.parse(event.path("message").asText()).map(ReportLine::requestId);
    }

    /**
     * This run's records: every event that is not a REPORT record (INIT_REPORT), and the REPORT records of the request
     * ids given (a run sharing the local Lambda, or anyone else, invokes the same functions).
     */
    static ObjectNode ofRequests(JsonNode answer, Set<String> ids) {
        ObjectNode out = answer.deepCopy();
        ArrayNode kept = Json.array();
        for (JsonNode e : answer.path("events")) {
            Optional<String> id = idOf(e);
            if (id.isEmpty() || ids.contains(id.get())) {
                kept.add(e);
            }
        }
        out.set("events", kept);
        return out;
    }

    /**
     * The events of the log streams in which one of the request ids ran: a stream is one execution environment, and a
     * configuration change (tune's next size) gives new ones, so this splits one query into the cells.
     */
    static ObjectNode ofStreams(JsonNode answer, Set<String> ids) {
        Set<String> streams = new HashSet<>();
        for (JsonNode e : answer.path("events")) {
            idOf(e).filter(ids::contains).ifPresent(id -> streams.add(e.path("logStreamName").asText()));
        }
        ObjectNode out = Json.object();
        ArrayNode kept = out.putArray("events");
        for (JsonNode e : answer.path("events")) {
            if (streams.contains(e.path("logStreamName").asText())) {
                kept.add(e);
            }
        }
        return out;
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
