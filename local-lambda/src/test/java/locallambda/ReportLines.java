package locallambda;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import report.ReportLine;
import report.ReportLineParser;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Reading the REPORT line out of an invocation's log tail, as the integration tests check it. */
final class ReportLines {
    private ReportLines() {}

    /** The last 4 KB of log an invoke with LogType Tail returns. */
    static String tail(InvokeResponse r) {
        return new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
    }

    static String reportLine(String tail) {
        return tail.lines()
                .filter(l -> l.startsWith("REPORT "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no REPORT in " + tail));
    }

    /** One figure of a REPORT line, e.g. "Init Duration" or "Billed Duration", in ms, as the report reads it. */
    static double figure(String report, String field) {
        ReportLine line =
                ReportLineParser.parse(report).orElseThrow(() -> new AssertionError("not a REPORT line: " + report));
        Double value = switch (field) {
            case "Duration" -> line.durationMs();
            case "Billed Duration" -> report.contains("Billed Duration: ") ? line.billedMs() : null;
            case "Init Duration" -> line.initDurationMs();
            case "Restore Duration" -> line.restoreDurationMs();
            default -> throw new IllegalArgumentException("no figure " + field);
        };
        assertNotNull(value, field + " in " + report);
        return value;
    }
}
