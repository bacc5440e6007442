package locallambda.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Set;
import locallambda.common.Json;

/** An error as the Lambda API sends it: x-amzn-ErrorType and {"Type":"User"|"Service", "message" or "Message": ...}. */
final class LambdaError implements ErrorShape {
    static final LambdaError SHAPE = new LambdaError();

    private LambdaError() {}

    /**
     * Error shapes of the Lambda model (2015-03-31) whose message member is spelled "Message"; the others the local
     * Lambda emits (InvalidParameterValueException, InvalidRequestContentException, RequestTooLargeException,
     * PreconditionFailedException, ResourceNotReadyException, TooManyRequestsException) spell it "message". Clients
     * that read the body by the model (SDKs, botocore) look for the member under exactly that name.
     */
    private static final Set<String> CAPITAL_MESSAGE = Set.of("ResourceNotFoundException", "ServiceException");

    /** Type (User, or Service for its own 5xx), the modelled message member, then the error's own members. */
    @Override
    public void send(HttpExchange ex, ApiException e) throws IOException {
        ObjectNode o = Json.object();
        o.put("Type", e.status() >= 500 ? "Service" : "User");
        o.put(CAPITAL_MESSAGE.contains(e.type()) ? "Message" : "message", e.getMessage());
        e.members().forEach(o::put);
        ex.getResponseHeaders().set("x-amzn-ErrorType", e.type());
        e.headers().forEach(ex.getResponseHeaders()::set);
        Http.json(ex, e.status(), o);
    }

    @Override
    public String serviceErrorType() {
        return "ServiceException";
    }

    @Override
    public String tooLargeType() {
        return "RequestTooLargeException";
    }
}
