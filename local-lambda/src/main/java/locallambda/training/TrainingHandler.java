package locallambda.training;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handler of the runtime archive's training run (see {@code locallambda.RuntimeArchive}). It never runs inside the
 * local Lambda's own JVM: its class file is copied into a task root of its own. It takes the path most handlers take
 * through the runtime client (POJO event in, Context read, POJO out) so that the archive holds the classes of that path.
 */
public final class TrainingHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        context.getLogger().log("training invocation " + context.getAwsRequestId());
        Map<String, Object> out = new LinkedHashMap<>(event);
        out.put("remainingMs", context.getRemainingTimeInMillis());
        out.put("function", context.getFunctionName());
        return out;
    }
}
