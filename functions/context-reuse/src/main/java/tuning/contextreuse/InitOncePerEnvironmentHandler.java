package tuning.contextreuse;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fix: the expensive resource is built when Lambda creates the handler, in the INIT phase (it shows up as Init
 * Duration on the cold start's REPORT line), and every later invocation on the same execution environment reuses it.
 */
public class InitOncePerEnvironmentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final ExpensiveResource resource;
    private final AtomicLong invocations = new AtomicLong();

    public InitOncePerEnvironmentHandler() {
        this(ResourceSettings.fromEnvironment(System.getenv()));
    }

    InitOncePerEnvironmentHandler(ResourceSettings settings) {
        this.resource = ExpensiveResource.create(settings);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long start = System.nanoTime();
        long invocation = invocations.incrementAndGet();
        double handlerMs = (System.nanoTime() - start) / 1_000_000.0;
        return ReuseReport.of("once-per-environment", resource, invocation, invocation > 1, handlerMs);
    }
}
