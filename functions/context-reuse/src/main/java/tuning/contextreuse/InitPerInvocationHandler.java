package tuning.contextreuse;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The anti-pattern: the expensive resource is built inside the handler, so every invocation pays for it. */
public class InitPerInvocationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final ResourceSettings settings;
    private final AtomicLong invocations = new AtomicLong();

    public InitPerInvocationHandler() {
        this(ResourceSettings.fromEnvironment(System.getenv()));
    }

    InitPerInvocationHandler(ResourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long start = System.nanoTime();
        ExpensiveResource resource = ExpensiveResource.create(settings);
        double handlerMs = (System.nanoTime() - start) / 1_000_000.0;
        return ReuseReport.of("in-handler", resource, invocations.incrementAndGet(), false, handlerMs);
    }
}
