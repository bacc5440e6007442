package tuning.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** Logs through context.getLogger(), the runtime's own logger: nothing to initialise, no layout. */
public class LambdaLoggerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        int lines = LineCount.from(event);
        LambdaLogger logger = context.getLogger();
        long start = System.nanoTime();
        for (int i = 0; i < lines; i++) {
            logger.log("line " + (i + 1) + " of " + lines + ": the quick brown fox jumps over the lazy dog\n");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("logger", "context.getLogger()");
        result.put("lines", lines);
        result.put("elapsedMs", (System.nanoTime() - start) / 1_000_000.0);
        return result;
    }
}
