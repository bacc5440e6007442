package locallambda.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import locallambda.common.Bounds;
import locallambda.common.Json;
import locallambda.registry.FunctionRegistry;
import locallambda.runtime.Invocation;
import locallambda.runtime.Invoker;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;

/**
 * Invoke (POST .../functions/NAME/invocations), once LambdaApi has found the function and its qualifier: the request's
 * checks (body size for the invocation type, JSON body, build state, ClientContext), then the invocation type's own path
 * (DryRun: 204; Event: queued in the EventQueue, 202; RequestResponse: run to its end, the function's response).
 */
final class InvokeApi {
    /**
     * Lambda's quota on the Invoke request body: 6 MB (6291456 bytes) for synchronous calls. Not the Runtime API's
     * response limit (RuntimeApiServer.MAX_PAYLOAD, 6291556), which is a separate quota with its own figure.
     */
    static final int MAX_SYNC_REQUEST = 6 * 1024 * 1024;
    /** Asynchronous (Event) invocations: 1 MB since 2025 (it was 256 KB), as the Invoke API reference states. */
    static final int MAX_EVENT_REQUEST = 1024 * 1024;

    private final FunctionRegistry registry;
    private final Invoker invoker;
    private final EventQueue events;

    InvokeApi(FunctionRegistry registry, Invoker invoker, EventQueue events) {
        this.registry = registry;
        this.invoker = invoker;
        this.events = events;
    }

    /** Invoke: the request's checks, then the invocation type's own path. */
    void invoke(HttpExchange ex, FunctionConfig fn, String qualifier) throws IOException {
        String type = header(ex, "X-Amz-Invocation-Type", "RequestResponse");
        byte[] payload = payload(ex, type);
        refuseUnbuilt(fn);
        String clientContext =
                ParameterValidation.clientContext(ex.getRequestHeaders().getFirst("X-Amz-Client-Context"));
        // the runtime sees the ARN it was invoked with: qualified when the caller named a version or an alias
        String invokedArn = Arns.function(fn.name, qualifier);
        switch (type) {
            case "DryRun" -> dryRun(ex, fn);
            case "Event" -> invokeEvent(ex, fn, payload, invokedArn);
            case "RequestResponse" ->
                invokeAndAnswer(
                        ex, fn, new Invocation(UUID.randomUUID().toString(), payload, clientContext, invokedArn));
            default ->
                throw new ApiException(400, "InvalidParameterValueException", "Unsupported invocation type " + type);
        }
    }

    /** The request body within the invocation type's limit and parsed as JSON ("{}" when empty). */
    private static byte[] payload(HttpExchange ex, String type) throws IOException {
        // over the limit, the rest is not read here: RequestGuard drains it before the 413 goes out
        byte[] payload = ex.getRequestBody().readNBytes(MAX_SYNC_REQUEST + 1);
        if (payload.length > MAX_SYNC_REQUEST) {
            throw tooLarge(MAX_SYNC_REQUEST);
        }
        if (type.equals("Event") && payload.length > MAX_EVENT_REQUEST) {
            throw tooLarge(MAX_EVENT_REQUEST);
        }
        if (payload.length == 0) {
            payload = "{}".getBytes(StandardCharsets.UTF_8);
        }
        try {
            Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new ApiException(
                    400,
                    "InvalidRequestContentException",
                    "Could not parse request body into json: Could not parse payload into json: "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        return payload;
    }

    /** A function whose code did not build locally answers 502 ResourceNotReadyException. */
    private void refuseUnbuilt(FunctionConfig fn) {
        String buildError = registry.buildError(fn);
        if (buildError != null) {
            throw new ApiException(
                    502, "ResourceNotReadyException", "The function's code could not be built locally: " + buildError);
        }
    }

    /** DryRun: validation only; the checks above ran, nothing is invoked. */
    private static void dryRun(HttpExchange ex, FunctionConfig fn) throws IOException {
        ex.getResponseHeaders().set("X-Amz-Executed-Version", fn.version);
        Http.send(ex, 204, null, null);
    }

    /**
     * Event: queued (202) and run by an io thread (EventQueue). The 202's x-amzn-RequestId is the id the invocation runs
     * under (its START/END/REPORT lines carry it), so a caller can find the run in the logs. Lambda gives ClientContext
     * to synchronous calls only: the header was still checked (a malformed request stays malformed), its content is not
     * passed on.
     */
    private void invokeEvent(HttpExchange ex, FunctionConfig fn, byte[] payload, String invokedArn) throws IOException {
        String requestId = UUID.randomUUID().toString();
        if (!events.offer(fn, requestId, payload, invokedArn)) {
            System.err.println("local-lambda: Event invocation of " + fn.name + " refused (429): "
                    + Bounds.MAX_QUEUED_EVENTS + " Event invocations already queued");
            throw tooManyRequests(
                    "Rate Exceeded. (" + Bounds.MAX_QUEUED_EVENTS + " Event invocations queued in the local Lambda)",
                    "ConcurrentInvocationLimitExceeded");
        }
        ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
        ex.getResponseHeaders().set("X-Amz-Executed-Version", fn.version);
        Http.send(ex, 202, null, null);
    }

    /** RequestResponse: runs the invocation to its end and answers with the function's response. */
    private void invokeAndAnswer(HttpExchange ex, FunctionConfig fn, Invocation inv) throws IOException {
        Invoker.Result r;
        try {
            r = invoker.invoke(fn, inv);
        } catch (Invoker.TooManyRequests t) {
            throw tooManyRequests(t.getMessage(), t.reason);
        } catch (Exception e) {
            throw new ApiException(500, "ServiceException", "the local Lambda could not run the function: " + e);
        }
        ex.getResponseHeaders().set("x-amzn-RequestId", inv.requestId);
        ex.getResponseHeaders().set("X-Amz-Executed-Version", fn.version);
        if (header(ex, "X-Amz-Log-Type", "None").equals("Tail")) {
            ex.getResponseHeaders().set("X-Amz-Log-Result", inv.tail4k());
        }
        if (r.outcome().functionError()) {
            ex.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
        }
        byte[] body = r.outcome().body();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (body == null || body.length == 0) {
            ex.sendResponseHeaders(200, -1);
        } else {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    /** 429 TooManyRequestsException with its Reason; the model's retryAfterSeconds member travels in Retry-After. */
    private static ApiException tooManyRequests(String message, String reason) {
        return new ApiException(429, "TooManyRequestsException", message)
                .member("Reason", reason)
                .header("Retry-After", "1");
    }

    static ApiException tooLarge(int limit) {
        return new ApiException(
                413,
                "RequestTooLargeException",
                "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
    }

    private static String header(HttpExchange ex, String name, String def) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null || v.isBlank() ? def : v;
    }
}
