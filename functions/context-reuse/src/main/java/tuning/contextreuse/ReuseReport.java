package tuning.contextreuse;

import java.util.LinkedHashMap;
import java.util.Map;

/** The response both handlers return: when the resource was created, and whether this invocation reused it. */
final class ReuseReport {
    private ReuseReport() {}

    static Map<String, Object> of(
            String placement, ExpensiveResource resource, long invocation, boolean reused, double handlerMs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("placement", placement);
        body.put("resource", resource.kind());
        body.put("createdAt", resource.createdAt().toString());
        body.put("createdAtEpochMs", resource.createdAt().toEpochMilli());
        body.put("creationMs", resource.creationMs());
        body.put("invocationInEnvironment", invocation);
        body.put("reused", reused);
        body.put("handlerMs", handlerMs);
        return body;
    }
}
