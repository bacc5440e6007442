package locallambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import locallambda.sandbox.InitType;
import org.junit.jupiter.api.Test;

/**
 * The platform lines of one cold environment (an init retried after the 10 s limit, a cold and a warm invocation), in
 * both formats, against golden files. The golden files are the contract with the report module, whose parser reads
 * these lines from CloudWatch: a test there can read them back (src/test/resources/platform-lines/).
 */
class PlatformLogTest {
    private static final long AT = 1767225600000L; // 2026-01-01T00:00:00Z
    private static final String ARN = "arn:aws:lambda:us-east-1::runtime:local-21.0.5";
    private static final Path GOLDEN = Paths.get("src/test/resources/platform-lines");

    private static List<String> session(PlatformLog log) {
        return List.of(
                log.initStart(AT, "java:21.local", ARN),
                log.initReport(AT, 10000.004, "init", "timeout", null),
                log.initStart(AT, "java:21.local", ARN),
                log.start(AT, "id-1", "$LATEST"),
                log.end(AT, "id-1", null),
                log.report(AT, new ReportFigures("id-1", 15.741, 128, 80, 130.49, null, null)),
                log.start(AT, "id-2", "3"),
                log.end(AT, "id-2", "error"),
                log.report(AT, new ReportFigures("id-2", 3000, 256, 250, null, "error", "Runtime.ExitError")),
                log.initReport(AT, 12.5, "invoke", "error", "Runtime.Unknown"));
    }

    @Test
    void textGolden() throws IOException {
        assertEquals(Files.readAllLines(GOLDEN.resolve("text.golden")), session(PlatformLog.of("Text")));
    }

    @Test
    void jsonGolden() throws IOException {
        List<String> golden = Files.readAllLines(GOLDEN.resolve("json.golden"));
        assertEquals(golden, session(PlatformLog.of("JSON")));
        assertEquals(golden, session(PlatformLog.of("json")), "the format name is case-insensitive");
    }

    @Test
    void aProvisionedInitIsNamedInTheJsonRecordOnly() {
        String json = PlatformLog.of("JSON").initStart(AT, "java:25.local", ARN, InitType.PROVISIONED);
        assertTrue(json.contains("\"initializationType\":\"provisioned-concurrency\""), json);
        assertEquals(
                PlatformLog.of("Text").initStart(AT, "java:25.local", ARN),
                PlatformLog.of("Text").initStart(AT, "java:25.local", ARN, InitType.PROVISIONED));
    }
}
