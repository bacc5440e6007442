package locallambda;

import static locallambda.ReportLines.reportLine;
import static locallambda.ReportLines.tail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * Calls made back to back through the SDK, with no CLI start-up between them to hide a race: after a handler's fault
 * that ends its runtime (an OutOfMemoryError, which the runtime client reports and then exits on; System.exit; a
 * timeout), the next call gets a fresh environment (a cold start) and succeeds, as on Lambda. Own server, state dir
 * target/it-b2b/state.
 */
class BackToBackIT {
    private static Main server;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(Paths.get("target/it-b2b"));
        TestServer t = TestServer.start("target/it-b2b/state", 4, 600);
        server = t.server();
        lambda = t.lambda();
    }

    @AfterAll
    static void stop() {
        TestServer.stop(server, lambda);
    }

    @ParameterizedTest(name = "after {0}")
    @CsvSource({"oom, 4", "exit, 3", "hang, 1"})
    void theCallAfterAFaultThatEndsTheRuntimeIsColdAndSucceeds(String fault, int rounds) {
        assertEquals("\"ok\"", invoke("{}").payload().asUtf8String(), "the function works");
        for (int i = 1; i <= rounds; i++) {
            InvokeResponse failed = invoke("{\"fault\":\"" + fault + "\"}");
            assertNotNull(
                    failed.functionError(),
                    fault + " fails its call: " + failed.payload().asUtf8String());
            InvokeResponse next = invoke("{}");
            String where =
                    "round " + i + " after " + fault + ": " + next.payload().asUtf8String();
            assertNull(next.functionError(), where);
            assertEquals("\"ok\"", next.payload().asUtf8String(), where);
            assertTrue(reportLine(tail(next)).contains("Init Duration"), "a fresh environment: " + tail(next));
            InvokeResponse warm = invoke("{}");
            assertNull(warm.functionError(), where);
            assertTrue(!reportLine(tail(warm)).contains("Init Duration"), "and warm after it: " + tail(warm));
        }
    }

    private static InvokeResponse invoke(String payload) {
        return lambda.invoke(
                b -> b.functionName("FaultFunction").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
    }
}
