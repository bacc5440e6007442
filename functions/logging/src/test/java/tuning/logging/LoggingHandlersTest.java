package tuning.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggingHandlersTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kitEvent() {
        Path file = Path.of(System.getProperty("kit.events.dir"), "logging.json");
        return EventLoader.loadEvent(file.toString(), Map.class);
    }

    @Test
    void lambdaLoggerWritesTheLinesAsked() {
        CapturingContext context = new CapturingContext();
        Map<String, Object> event = kitEvent();
        Map<String, Object> result = new LambdaLoggerHandler().handleRequest(event, context);
        int asked = ((Number) event.get("lines")).intValue();
        assertEquals(asked, result.get("lines"));
        assertEquals(asked, context.lines.size());
        assertTrue(context.lines.get(0).startsWith("line 1 of " + asked));
    }

    @Test
    void log4j2WritesTheLinesThroughTheLambdaAppender() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // outside Lambda, the runtime's logger behind the appender falls back to standard output
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Map<String, Object> result = new Log4j2Handler().handleRequest(Map.of("lines", 7), new CapturingContext());
            assertEquals(7, result.get("lines"));
        } finally {
            System.setOut(original);
        }
        long written = captured.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains(" of 7: the quick"))
                .count();
        assertEquals(7, written, captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badLineCountsAreNamed() {
        for (Object bad : List.of(-1, 100_001, "many")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> new LambdaLoggerHandler().handleRequest(Map.of("lines", bad), new CapturingContext()));
            assertTrue(e.getMessage().contains("'lines'"), e.getMessage());
        }
    }

    /** A Context whose logger keeps what it is given. */
    static final class CapturingContext implements Context {
        final List<String> lines = new ArrayList<>();

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    lines.add(message);
                }

                @Override
                public void log(byte[] message) {
                    lines.add(new String(message, StandardCharsets.UTF_8));
                }
            };
        }

        @Override
        public String getAwsRequestId() {
            return "test-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/test";
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "test";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:test";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }
    }
}
