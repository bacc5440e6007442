package locallambda.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import locallambda.common.Json;

/** An error as CloudWatch Logs (JSON 1.1) sends it: {"__type": ..., "message": ...} and x-amzn-ErrorType. */
final class LogsError implements ErrorShape {
    static final LogsError SHAPE = new LogsError();

    private LogsError() {}

    @Override
    public void send(HttpExchange ex, ApiException e) throws IOException {
        ObjectNode o = Json.object();
        o.put("__type", e.type());
        o.put("message", e.getMessage());
        e.members().forEach(o::put);
        ex.getResponseHeaders().set("x-amzn-ErrorType", e.type());
        e.headers().forEach(ex.getResponseHeaders()::set);
        Http.send(ex, e.status(), "application/x-amz-json-1.1", Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String serviceErrorType() {
        return "ServiceUnavailableException";
    }

    @Override
    public String tooLargeType() {
        return "RequestEntityTooLargeException";
    }
}
