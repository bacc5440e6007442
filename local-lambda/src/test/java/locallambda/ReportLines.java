package locallambda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** One figure of a REPORT line, e.g. "Init Duration" or "Billed Duration", without its unit. */
    static double figure(String report, String field) {
        Matcher m = Pattern.compile("\t" + Pattern.quote(field) + ": ([0-9.]+)")
                .matcher("\t" + report.substring(report.indexOf('\t')));
        assertTrue(m.find(), field + " in " + report);
        return Double.parseDouble(m.group(1));
    }
}
