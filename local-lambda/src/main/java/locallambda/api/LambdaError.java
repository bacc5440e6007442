package locallambda.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Set;
import locallambda.common.Json;

/** An error as the Lambda API sends it: x-amzn-ErrorType and {"Type":"User"|"Service", "message" or "Message": ...}. */
public final class LambdaError {
    private LambdaError() {}

    /**
     * Error shapes of the Lambda model (2015-03-31) whose message member is spelled "Message"; the others the local
     * Lambda emits (InvalidParameterValueException, InvalidRequestContentException, RequestTooLargeException,
     * PreconditionFailedException, ResourceNotReadyException, TooManyRequestsException) spell it "message". Clients
     * that read the body by the model (SDKs, botocore) look for the member under exactly that name.
     */
    private static final Set<String> CAPITAL_MESSAGE = Set.of("ResourceNotFoundException", "ServiceException");

    /** Sends the error: status, x-amzn-ErrorType and the body. */
    public static void send(HttpExchange ex, int status, String type, String message) throws IOException {
        Http.json(ex, status, body(ex, status, type, message));
    }

    /** The body Lambda sends for an error: Type (User, or Service for its own 5xx) and the modelled message member. */
    static ObjectNode body(HttpExchange ex, int status, String type, String message) {
        ObjectNode o = Json.object();
        o.put("Type", status >= 500 ? "Service" : "User");
        o.put(CAPITAL_MESSAGE.contains(type) ? "Message" : "message", message);
        ex.getResponseHeaders().set("x-amzn-ErrorType", type);
        return o;
    }
}
