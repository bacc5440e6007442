package locallambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import locallambda.common.Json;
import locallambda.logs.FilterPattern;
import locallambda.logs.LogStore;
import locallambda.template.Arns;

/**
 * CloudWatch Logs (JSON 1.1, POST / with X-Amz-Target: Logs_20140328.*): FilterLogEvents, GetLogEvents,
 * DescribeLogStreams, DescribeLogGroups over the {@link LogStore}.
 */
public final class LogsApi {
    private final LogStore store;

    private static final String TARGET_PREFIX = "Logs_20140328.";

    public LogsApi(LogStore store) {
        this.store = store;
    }

    /** Whether the request is a CloudWatch Logs call (X-Amz-Target Logs_20140328.*), whatever its path. */
    public static boolean handles(HttpExchange ex) {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    public void handle(HttpExchange ex) throws IOException {
        JsonNode req;
        try {
            req = Json.MAPPER.readTree(ex.getRequestBody());
            if (req == null || !req.isObject()) {
                req = Json.object();
            }
        } catch (IOException e) {
            throw invalid("SerializationException", "request body is not JSON");
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        String op = target.substring(TARGET_PREFIX.length());
        try {
            switch (op) {
                case "FilterLogEvents" -> filter(ex, req);
                case "GetLogEvents" -> get(ex, req);
                case "DescribeLogStreams" -> describeStreams(ex, req);
                case "DescribeLogGroups" -> describeGroups(ex, req);
                default ->
                    throw invalid(
                            "UnknownOperationException", "operation " + op + " is not supported by the local Lambda");
            }
        } catch (FilterPattern.UnsupportedPatternException e) {
            throw invalid("InvalidParameterException", e.getMessage());
        } catch (NumberFormatException e) {
            throw invalid("InvalidParameterException", "invalid nextToken");
        }
    }

    /** A refused Logs call: CloudWatch Logs answers 400 with the error's type in __type. */
    private static ApiException invalid(String type, String message) {
        return new ApiException(400, type, message);
    }

    private String groupName(JsonNode req) {
        String g = req.path("logGroupName").asText(null);
        if (g == null) {
            g = req.path("logGroupIdentifier").asText(null);
            if (g != null && g.startsWith("arn:")) {
                int i = g.indexOf(":log-group:");
                g = g.substring(i + 11);
                if (g.endsWith(":*")) {
                    g = g.substring(0, g.length() - 2);
                }
            }
        }
        return g;
    }

    private void filter(HttpExchange ex, JsonNode req) throws IOException {
        String group = groupName(req);
        if (group == null || store.group(group) == null) {
            throw invalid("ResourceNotFoundException", "The specified log group does not exist.");
        }
        FilterPattern pattern = FilterPattern.parse(req.path("filterPattern").asText(null));
        long start = req.has("startTime") ? req.get("startTime").asLong() : Long.MIN_VALUE;
        long end = req.has("endTime") ? req.get("endTime").asLong() : Long.MAX_VALUE;
        int limit =
                req.has("limit") ? Math.max(1, Math.min(10000, req.get("limit").asInt())) : 10000;
        Set<String> names = null;
        if (req.has("logStreamNames")) {
            names = new HashSet<>();
            for (JsonNode n : req.get("logStreamNames")) {
                names.add(n.asText());
            }
        }
        String prefix = req.path("logStreamNamePrefix").asText(null);
        long after = req.has("nextToken")
                ? ParameterValidation.logsToken(req.get("nextToken").asText())
                : -1;

        record Hit(LogStore.Event e, String stream) {}
        List<Hit> hits = new ArrayList<>();
        ObjectNode out = Json.object();
        ArrayNode searched = Json.MAPPER.createArrayNode();
        for (LogStore.Stream s : store.streams(group)) {
            if (names != null && !names.contains(s.name)) {
                continue;
            }
            if (prefix != null && !s.name.startsWith(prefix)) {
                continue;
            }
            ObjectNode ss = searched.addObject();
            ss.put("logStreamName", s.name);
            ss.put("searchedCompletely", true);
            for (LogStore.Event e : store.events(group, s.name)) {
                if (e.timestamp() < start || e.timestamp() > end) {
                    continue;
                }
                if (!pattern.matches(e.message())) {
                    continue;
                }
                hits.add(new Hit(e, s.name));
            }
        }
        hits.sort(Comparator.comparingLong((Hit h) -> h.e().timestamp()).thenComparingLong(h -> h.e().seq()));
        ArrayNode events = out.putArray("events");
        int count = 0;
        long lastSeq = -1;
        boolean more = false;
        boolean passed = after < 0;
        for (Hit h : hits) {
            if (!passed) {
                if (h.e().seq() == after) {
                    passed = true;
                }
                continue;
            }
            if (count == limit) {
                more = true;
                break;
            }
            ObjectNode e = events.addObject();
            e.put("logStreamName", h.stream());
            e.put("timestamp", h.e().timestamp());
            e.put("message", h.e().message());
            e.put("ingestionTime", h.e().ingestionTime());
            e.put("eventId", String.format("%056d", h.e().seq()));
            lastSeq = h.e().seq();
            count++;
        }
        out.set("searchedLogStreams", searched);
        if (more) {
            out.put("nextToken", Long.toString(lastSeq));
        }
        Http.json(ex, 200, out);
    }

    private void get(HttpExchange ex, JsonNode req) throws IOException {
        String group = groupName(req);
        String stream = req.path("logStreamName").asText(null);
        if (group == null || store.group(group) == null) {
            throw invalid("ResourceNotFoundException", "The specified log group does not exist.");
        }
        if (stream == null || store.streams(group).stream().noneMatch(s -> s.name.equals(stream))) {
            throw invalid("ResourceNotFoundException", "The specified log stream does not exist.");
        }
        long start = req.has("startTime") ? req.get("startTime").asLong() : Long.MIN_VALUE;
        long end = req.has("endTime") ? req.get("endTime").asLong() : Long.MAX_VALUE;
        int limit =
                req.has("limit") ? Math.max(1, Math.min(10000, req.get("limit").asInt())) : 10000;
        List<LogStore.Event> all = new ArrayList<>();
        for (LogStore.Event e : store.events(group, stream)) {
            if (e.timestamp() >= start && e.timestamp() < end) {
                all.add(e);
            }
        }
        // tokens: f/<index> (forward from index), b/<index> (backward, events before index)
        String token = req.path("nextToken").asText(null);
        boolean fromHead = req.path("startFromHead").asBoolean(false);
        int from;
        int to;
        if (token != null && token.startsWith("f/")) {
            from = (int) Math.min(all.size(), ParameterValidation.logsToken(token.substring(2)));
            to = Math.min(all.size(), from + limit);
        } else if (token != null && token.startsWith("b/")) {
            to = (int) Math.min(all.size(), ParameterValidation.logsToken(token.substring(2)));
            from = Math.max(0, to - limit);
        } else if (token != null) {
            throw invalid("InvalidParameterException", "The specified nextToken is invalid.");
        } else if (fromHead) {
            from = 0;
            to = Math.min(all.size(), limit);
        } else {
            to = all.size();
            from = Math.max(0, to - limit);
        }
        ObjectNode out = Json.object();
        ArrayNode events = out.putArray("events");
        for (int i = from; i < to; i++) {
            LogStore.Event e = all.get(i);
            ObjectNode o = events.addObject();
            o.put("timestamp", e.timestamp());
            o.put("message", e.message());
            o.put("ingestionTime", e.ingestionTime());
        }
        out.put("nextForwardToken", "f/" + to);
        out.put("nextBackwardToken", "b/" + from);
        Http.json(ex, 200, out);
    }

    private void describeStreams(HttpExchange ex, JsonNode req) throws IOException {
        String group = groupName(req);
        if (group == null || store.group(group) == null) {
            throw invalid("ResourceNotFoundException", "The specified log group does not exist.");
        }
        String prefix = req.path("logStreamNamePrefix").asText(null);
        boolean byTime = "LastEventTime".equals(req.path("orderBy").asText(""));
        boolean desc = req.path("descending").asBoolean(false);
        List<ObjectNode> rows = new ArrayList<>();
        for (LogStore.Stream s : store.streams(group)) {
            if (prefix != null && !s.name.startsWith(prefix)) {
                continue;
            }
            List<LogStore.Event> ev = store.events(group, s.name);
            ObjectNode o = Json.object();
            o.put("logStreamName", s.name);
            o.put("creationTime", s.creationTime);
            if (!ev.isEmpty()) {
                o.put("firstEventTimestamp", ev.get(0).timestamp());
                o.put("lastEventTimestamp", ev.get(ev.size() - 1).timestamp());
                o.put("lastIngestionTime", ev.get(ev.size() - 1).ingestionTime());
            }
            o.put("arn", Arns.logStream(group, s.name));
            o.put("storedBytes", 0);
            rows.add(o);
        }
        Comparator<ObjectNode> cmp = byTime
                ? Comparator.comparingLong(o -> o.path("lastEventTimestamp").asLong(0))
                : Comparator.comparing(o -> o.get("logStreamName").asText());
        rows.sort(desc ? cmp.reversed() : cmp);
        Http.json(ex, 200, describePage(req, "logStreams", rows, row -> row));
    }

    private void describeGroups(HttpExchange ex, JsonNode req) throws IOException {
        String prefix = req.path("logGroupNamePrefix").asText(null);
        String pattern = req.path("logGroupNamePattern").asText(null);
        List<LogStore.Group> groups = new ArrayList<>();
        for (LogStore.Group g : store.groups()) {
            if (prefix != null && !g.name.startsWith(prefix)) {
                continue;
            }
            if (pattern != null && !g.name.contains(pattern)) {
                continue;
            }
            groups.add(g);
        }
        Http.json(ex, 200, describePage(req, "logGroups", groups, LogsApi::groupJson));
    }

    private static ObjectNode groupJson(LogStore.Group g) {
        ObjectNode o = Json.object();
        o.put("logGroupName", g.name);
        o.put("creationTime", g.creationTime);
        o.put("metricFilterCount", 0);
        o.put("arn", Arns.logGroupStar(g.name));
        o.put("logGroupArn", Arns.logGroup(g.name));
        o.put("storedBytes", 0);
        o.put("logGroupClass", "STANDARD");
        return o;
    }

    /**
     * One page of a Describe* answer: the request's limit (1 to 50, 50 when absent) of the items from its nextToken on,
     * under listName, and a nextToken (the index of the next item) while items are left.
     */
    private static <T> ObjectNode describePage(
            JsonNode req, String listName, List<T> items, Function<T, ObjectNode> json) {
        int limit = req.has("limit") ? Math.max(1, Math.min(50, req.get("limit").asInt())) : 50;
        int offset = req.has("nextToken")
                ? (int) Math.min(
                        Integer.MAX_VALUE,
                        ParameterValidation.logsToken(req.get("nextToken").asText()))
                : 0;
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray(listName);
        offset = Math.min(offset, items.size());
        int end = Math.min(items.size(), offset + limit);
        for (int i = offset; i < end; i++) {
            arr.add(json.apply(items.get(i)));
        }
        if (end < items.size()) {
            out.put("nextToken", Integer.toString(end));
        }
        return out;
    }
}
