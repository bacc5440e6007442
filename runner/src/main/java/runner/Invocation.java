package runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import report.ReportLine;
import report.ReportLineParser;

/**
 * One synchronous invocation with --log-type Tail, as both runners make it: the response body, the HTTP status, the
 * FunctionError and the decoded tail log (4 KB of the function's log, with its REPORT record, text or JSON).
 */
record Invocation(boolean reached, String callError, int status, String functionError, String body, String tail) {

    static Invocation of(Api api, Path scratch, String function, Path payload, String qualifier, boolean untimed)
            throws IOException {
        Path out = scratch.resolve(".out.json");
        Files.deleteIfExists(out);
        Api.Reply r = api.invoke(function, payload, qualifier == null ? "" : qualifier, untimed, out);
        if (!r.ok()) {
            return new Invocation(false, r.error(), 0, null, "", "");
        }
        JsonNode meta = r.json();
        String tail = "";
        if (meta.hasNonNull("LogResult")) {
            try {
                tail = new String(Base64.getDecoder().decode(meta.path("LogResult").asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                tail = "";
            }
        }
        String body = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        Files.deleteIfExists(out);
        String error = meta.hasNonNull("FunctionError") ? meta.path("FunctionError").asText() : null;
        return new Invocation(true, null, meta.path("StatusCode").asInt(0), error, body, tail);
    }

    /** The last REPORT record of the tail log. */
    Optional<ReportLine> report() {
        return lastReport(tail);
    }

    static Optional<ReportLine> lastReport(String log) {
        Optional<ReportLine> last = Optional.empty();
        for (String line : log.split("\n")) {
            Optional<ReportLine> r = ReportLineParser.parse(line);
            if (r.isPresent()) {
                last = r;
            }
        }
        return last;
    }

    /** Every REPORT record of a log (text lines or JSON platform.report events). */
    static List<ReportLine> reports(String log) {
        List<ReportLine> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            ReportLineParser.parse(line).ifPresent(out::add);
        }
        return out;
    }

    /** The figures a progress line shows: "Init X ms + Duration Y ms" (cold), "Y ms" (warm). */
    String figures(boolean cold) {
        Optional<ReportLine> r = report();
        String duration = r.map(x -> Format.ms(x.durationMs())).orElse("?");
        if (r.isPresent() && r.get().initDurationMs() != null) {
            return "Init " + Format.ms(r.get().initDurationMs()) + " ms + Duration " + duration + " ms";
        }
        if (r.isPresent() && r.get().restoreDurationMs() != null) {
            return "Restore " + Format.ms(r.get().restoreDurationMs()) + " ms + Duration " + duration + " ms";
        }
        return cold
                ? "Duration " + duration + " ms (no Init Duration: the environment was not new)"
                : duration + " ms";
    }

    /** The first n characters of the body (a function error's message). */
    String bodyStart(int n) {
        return body.length() <= n ? body : body.substring(0, n);
    }
}
