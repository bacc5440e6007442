package locallambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RuntimeErrorsTest {
    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void timeoutMessagesAsLambdaWritesThem() {
        String after = RuntimeErrors.taskTimedOut(3000);
        assertEquals("Task timed out after 3.00 seconds", after);
        assertEquals(
                "{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"RequestId: r1 Error: Task timed out after 3.00"
                        + " seconds\"}",
                text(RuntimeErrors.timedOut("r1", after)));
    }

    @Test
    void exitAndTooLargeBodies() {
        assertEquals(
                "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: r2 Runtime exited with error: exit"
                        + " status 1\"}",
                text(RuntimeErrors.exited("r2", "Runtime exited with error: exit status 1")));
        assertEquals(
                "{\"errorType\":\"Function.ResponseSizeTooLarge\",\"errorMessage\":\"Response payload size exceeded"
                        + " maximum allowed payload size (" + RuntimeApiServer.MAX_PAYLOAD + " bytes).\"}",
                text(RuntimeErrors.responseTooLarge()));
    }
}
