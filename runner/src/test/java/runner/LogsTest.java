package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogsTest {
    static String text(String id, boolean cold) {
        return "REPORT RequestId: " + id + "\tDuration: 12.5 ms\tBilled Duration: 13 ms\tMemory Size: 1024 MB\t"
                + "Max Memory Used: 80 MB" + (cold ? "\tInit Duration: 300.25 ms" : "");
    }

    static String json(String id) {
        return "{\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"" + id
                + "\",\"metrics\":{\"durationMs\":7.5,\"billedDurationMs\":8,\"memorySizeMB\":512,"
                + "\"maxMemoryUsedMB\":70},\"status\":\"success\"}}";
    }

    private static JsonNode answer(String[]... events) {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("events");
        for (String[] e : events) {
            a.addObject().put("logStreamName", e[0]).put("message", e[1]);
        }
        return o;
    }

    @Test
    void requestIdsAreReadFromTextAndJsonRecords() {
        String tail = "START RequestId: a1\n" + text("a1", true) + "\nsome output\n" + json("b-2") + "\n";
        assertEquals(Set.of("a1", "b-2"), Logs.requestIds(tail));
        assertEquals(2, Logs.reportCount(answer(new String[] {"s", text("x", false)}, new String[] {"s", json("y")},
                new String[] {"s", "INIT_REPORT Init Duration: 3 ms"}).path("events")));
    }

    @Test
    void ofRequestsKeepsThisRunsReportsAndEveryOtherRecord() {
        JsonNode all = answer(
                new String[] {"s1", text("mine", true)},
                new String[] {"s1", text("theirs", false)},
                new String[] {"s2", json("mine-too")},
                new String[] {"s2", json("not-mine")},
                new String[] {"s2", "INIT_REPORT Init Duration: 10000 ms Phase: init Status: timeout"});
        JsonNode kept = Logs.ofRequests(all, Set.of("mine", "mine-too"));
        List<String> messages = new ArrayList<>();
        kept.path("events").forEach(e -> messages.add(e.path("message").asText()));
        assertEquals(3, messages.size(), messages::toString);
        assertEquals(text("mine", true), messages.get(0));
        assertEquals(json("mine-too"), messages.get(1));
    }

    @Test
    void ofStreamsKeepsTheStreamsInWhichTheRequestsRan() {
        JsonNode all = answer(
                new String[] {"env-1", "INIT_REPORT Init Duration: 5 ms"},
                new String[] {"env-1", text("a", true)},
                new String[] {"env-2", json("b")},
                new String[] {"env-3", text("c", false)});
        JsonNode kept = Logs.ofStreams(all, Set.of("a", "b"));
        assertEquals(3, kept.path("events").size());
        assertEquals(0, Logs.ofStreams(all, Set.of()).path("events").size());
    }

    /** Filter-log-events answers from a queue (the rest of the Api is not the log collection's). */
    static final class FakeApi extends NoApi {
        final Deque<Api.Reply> answers = new ArrayDeque<>();
        final List<List<String>> calls = new ArrayList<>();

        @Override
        public Api.Reply filterLogEvents(String group, long startMs, String pattern) {
            calls.add(List.of(group, Long.toString(startMs), pattern));
            return answers.isEmpty() ? Api.Reply.failed("no more answers") : answers.poll();
        }
    }

    @Test
    void onAwsTheQueryIsRepeatedUntilEveryReportArrived() throws Exception {
        FakeApi api = new FakeApi();
        api.answers.add(Api.Reply.ok(Json.compact(answer(new String[] {"s", text("a", true)}))));
        api.answers.add(Api.Reply.failed("Throttling"));
        api.answers.add(Api.Reply.ok(Json.compact(answer(new String[] {"s", text("a", true)}, new String[] {"s", text("b", false)}))));
        List<String> log = new ArrayList<>();
        List<Long> slept = new ArrayList<>();
        JsonNode got = new Logs(api, log::add, slept::add)
                .fetch("/aws/lambda/F", 1000, 2, Long.MAX_VALUE, true, "F: ");
        assertEquals(2, got.path("events").size());
        assertEquals(List.of(5000L, 2000L), slept);
        assertEquals(List.of("  F: 1 of 2 REPORT lines in CloudWatch Logs so far, waiting ..."), log);
        assertEquals(
                List.of("/aws/lambda/F", "1000", "?REPORT ?INIT_REPORT"),
                api.calls.get(0));
    }

    @Test
    void locallyOneAnswerIsEnoughAndAFailingQueryIsTriedThreeTimes() throws Exception {
        FakeApi api = new FakeApi();
        api.answers.add(Api.Reply.ok("{\"events\": []}"));
        assertEquals(0, new Logs(api, x -> {}, ms -> {})
                .fetch("g", 0, 5, Long.MAX_VALUE, false, "")
                .path("events")
                .size());
        FakeApi failing = new FakeApi();
        Logs.QueryFailed e = assertThrows(
                Logs.QueryFailed.class, () -> new Logs(failing, x -> {}, ms -> {}).fetch("g", 0, 1, Long.MAX_VALUE, true, ""));
        assertEquals("no more answers", e.getMessage());
        assertEquals(3, failing.calls.size());
    }

    @Test
    void pastTheDeadlineWhatArrivedIsKeptWithAWarning() throws Exception {
        FakeApi api = new FakeApi();
        api.answers.add(Api.Reply.ok(Json.compact(answer(new String[] {"s", text("a", true)}))));
        List<String> log = new ArrayList<>();
        JsonNode got = new Logs(api, log::add, ms -> {}).fetch("g", 0, 3, 0, true, "F: ");
        assertEquals(1, got.path("events").size());
        assertEquals(
                List.of("warning: F: 1 of 3 REPORT lines in CloudWatch Logs after waiting; the tail logs have them all"),
                log);
    }
}
