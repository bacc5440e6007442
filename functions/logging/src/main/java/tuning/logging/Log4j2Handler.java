package tuning.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logs through Log4j2 and the Lambda appender. Its cost shows twice: at init (Log4j2 reads its configuration, discovers
 * plugins and builds the appender: Init Duration) and per line (layout formatting).
 */
public class Log4j2Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LogManager.getLogger(Log4j2Handler.class);

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        int lines = LineCount.from(event);
        long start = System.nanoTime();
        for (int i = 0; i < lines; i++) {
            LOG.info("line {} of {}: the quick brown fox jumps over the lazy dog", i + 1, lines);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("logger", "log4j2");
        result.put("lines", lines);
        result.put("elapsedMs", (System.nanoTime() - start) / 1_000_000.0);
        return result;
    }
}
