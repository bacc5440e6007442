package locallambda.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import locallambda.common.Bounds;
import locallambda.common.Json;
import locallambda.registry.FunctionRegistry;
import locallambda.runtime.Invocation;
import locallambda.runtime.Invoker;
import locallambda.runtime.RuntimeApiServer;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;

/**
 * The Lambda REST API (2015-03-31), as the kit's scripts, the AWS CLI and the SDKs call it: Invoke (RequestResponse,
 * Event, DryRun), ListFunctions, GetFunction, GetFunctionConfiguration, UpdateFunctionConfiguration, PublishVersion,
 * DeleteFunction of a published version and GetFunctionConcurrency. A qualifier names $LATEST, a published version or
 * the template's AutoPublishAlias. Functions come from the template: there is no CreateFunction. Errors in Lambda's shape
 * (x-amzn-ErrorType + {"Type":"User","message":...}, with the message member spelled as the model spells it for that
 * error).
 */
public final class LambdaApi {
    public static final String PREFIX = "/2015-03-31/functions";

    private final FunctionRegistry registry;
    private final Invoker invoker;
    private final ExecutorService async;

    public LambdaApi(FunctionRegistry registry, Invoker invoker, ExecutorService async) {
        this.registry = registry;
        this.invoker = invoker;
        this.async = async;
    }

    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        String rest = path.substring(PREFIX.length());
        if (rest.isEmpty() || rest.equals("/")) {
            if (method.equals("GET")) {
                listFunctions(ex);
                return;
            }
            LambdaError.send(
                    ex,
                    400,
                    "InvalidParameterValueException",
                    "CreateFunction is not supported by the local Lambda: functions come from the template");
            return;
        }
        String[] parts = rest.substring(1).split("/");
        String rawName = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        String sub = parts.length > 1 ? parts[1] : "";
        String qualifier = Http.query(ex).get("Qualifier");
        String name = rawName;
        if (name.startsWith("arn:")) {
            int i = name.indexOf(":function:");
            name = i < 0 ? name : name.substring(i + 10);
        }
        int colon = name.indexOf(':');
        if (colon > 0) {
            qualifier = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        try {
            ParameterValidation.qualifier(qualifier);
        } catch (ParameterValidation.Invalid e) {
            LambdaError.send(ex, e.status, e.type, e.getMessage());
            return;
        }
        FunctionConfig fn = registry.function(name);
        if (fn == null) {
            LambdaError.send(ex, 404, "ResourceNotFoundException", "Function not found: " + Arns.function(name));
            return;
        }
        FunctionConfig target = registry.target(fn, qualifier);
        if (target == null) {
            LambdaError.send(
                    ex, 404, "ResourceNotFoundException", "Function not found: " + Arns.function(fn.name, qualifier));
            return;
        }
        switch (method + " " + sub) {
            case "POST invocations" -> invoke(ex, target, qualifier);
            case "GET " -> Http.json(ex, 200, FunctionJson.function(registry, target));
            case "GET configuration" -> Http.json(ex, 200, FunctionJson.configuration(registry, target));
            case "PUT configuration" -> updateConfiguration(ex, fn);
            case "POST versions" -> publishVersion(ex, fn);
            case "DELETE " -> deleteVersion(ex, fn, qualifier);
            case "GET concurrency" -> {
                ObjectNode o = Json.object();
                if (fn.reservedConcurrency >= 0) {
                    o.put("ReservedConcurrentExecutions", fn.reservedConcurrency);
                }
                Http.json(ex, 200, o);
            }
            default ->
                LambdaError.send(
                        ex,
                        400,
                        "InvalidParameterValueException",
                        "operation " + method + " " + sub + " is not supported by the local Lambda");
        }
    }

    // ---- Invoke

    /**
     * Lambda's quota on the Invoke request body: 6 MB (6291456 bytes) for synchronous calls. Not the Runtime API's
     * response limit (RuntimeApiServer.MAX_PAYLOAD, 6291556), which is a separate quota with its own figure.
     */
    static final int MAX_SYNC_REQUEST = 6 * 1024 * 1024;
    /** Asynchronous (Event) invocations: 1 MB since 2025 (it was 256 KB), as the Invoke API reference states. */
    static final int MAX_EVENT_REQUEST = 1024 * 1024;

    /** Invoke: the request's checks, then the invocation type's own path. */
    private void invoke(HttpExchange ex, FunctionConfig fn, String qualifier) throws IOException {
        String type = header(ex, "X-Amz-Invocation-Type", "RequestResponse");
        byte[] payload = payload(ex, type);
        if (payload == null || refusedUnbuilt(ex, fn)) {
            return;
        }
        String clientContext;
        try {
            clientContext =
                    ParameterValidation.clientContext(ex.getRequestHeaders().getFirst("X-Amz-Client-Context"));
        } catch (ParameterValidation.Invalid e) {
            LambdaError.send(ex, e.status, e.type, e.getMessage());
            return;
        }
        // the runtime sees the ARN it was invoked with: qualified when the caller named a version or an alias
        String invokedArn = Arns.function(fn.name, qualifier);
        switch (type) {
            case "DryRun" -> dryRun(ex, fn);
            case "Event" -> invokeEvent(ex, fn, payload, invokedArn);
            case "RequestResponse" ->
                invokeAndAnswer(
                        ex, fn, new Invocation(UUID.randomUUID().toString(), payload, clientContext, invokedArn));
            default ->
                LambdaError.send(ex, 400, "InvalidParameterValueException", "Unsupported invocation type " + type);
        }
    }

    /** The request body within the invocation type's limit and parsed as JSON ("{}" when empty), or null when refused. */
    private static byte[] payload(HttpExchange ex, String type) throws IOException {
        byte[] payload = RuntimeApiServer.readLimited(ex.getRequestBody(), MAX_SYNC_REQUEST);
        if (payload == null) {
            LambdaError.send(ex, 413, "RequestTooLargeException", tooLarge(MAX_SYNC_REQUEST));
            return null;
        }
        if (type.equals("Event") && payload.length > MAX_EVENT_REQUEST) {
            LambdaError.send(ex, 413, "RequestTooLargeException", tooLarge(MAX_EVENT_REQUEST));
            return null;
        }
        if (payload.length == 0) {
            payload = "{}".getBytes(StandardCharsets.UTF_8);
        }
        try {
            Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            LambdaError.send(
                    ex,
                    400,
                    "InvalidRequestContentException",
                    "Could not parse request body into json: Could not parse payload into json: "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            return null;
        }
        return payload;
    }

    /** A function whose code did not build locally answers 502 ResourceNotReadyException. */
    private boolean refusedUnbuilt(HttpExchange ex, FunctionConfig fn) throws IOException {
        String buildError = registry.buildError(fn);
        if (buildError == null) {
            return false;
        }
        LambdaError.send(
                ex, 502, "ResourceNotReadyException", "The function's code could not be built locally: " + buildError);
        return true;
    }

    /** DryRun: validation only; the checks above ran, nothing is invoked. */
    private static void dryRun(HttpExchange ex, FunctionConfig fn) throws IOException {
        ex.getResponseHeaders().set("X-Amz-Executed-Version", fn.version);
        Http.send(ex, 204, null, null);
    }

    /**
     * Event: queued (202) and run by an io thread. The 202's x-amzn-RequestId is the id the invocation runs under (its
     * START/END/REPORT lines carry it), so a caller can find the run in the logs. Lambda gives ClientContext to
     * synchronous calls only: the header was still checked (a malformed request stays malformed), its content is not
     * passed on.
     */
    private void invokeEvent(HttpExchange ex, FunctionConfig fn, byte[] payload, String invokedArn) throws IOException {
        String requestId = UUID.randomUUID().toString();
        if (queuedEvents.incrementAndGet() > Bounds.MAX_QUEUED_EVENTS) {
            queuedEvents.decrementAndGet();
            System.err.println("local-lambda: Event invocation of " + fn.name + " refused (429): "
                    + Bounds.MAX_QUEUED_EVENTS + " Event invocations already queued");
            tooManyRequests(
                    ex,
                    "Rate Exceeded. (" + Bounds.MAX_QUEUED_EVENTS + " Event invocations queued in the local Lambda)",
                    "ConcurrentInvocationLimitExceeded");
            return;
        }
        try {
            async.execute(() -> {
                try {
                    runAsync(fn, requestId, payload, invokedArn);
                } finally {
                    queuedEvents.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queuedEvents.decrementAndGet();
            throw e;
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
            tooManyRequests(ex, t.getMessage(), t.reason);
            return;
        } catch (Exception e) {
            LambdaError.send(ex, 500, "ServiceException", "the local Lambda could not run the function: " + e);
            return;
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
    private static void tooManyRequests(HttpExchange ex, String message, String reason) throws IOException {
        ObjectNode o = LambdaError.body(ex, 429, "TooManyRequestsException", message);
        o.put("Reason", reason);
        ex.getResponseHeaders().set("Retry-After", "1");
        Http.json(ex, 429, o);
    }

    private static String tooLarge(int limit) {
        return "Request must be smaller than " + limit + " bytes for the InvokeFunction operation";
    }

    /** Event invocations accepted (202) and not yet run to their end: bounded by Bounds.MAX_QUEUED_EVENTS (429 past it). */
    private final AtomicInteger queuedEvents = new AtomicInteger();

    private void runAsync(FunctionConfig fn, String requestId, byte[] payload, String invokedArn) {
        // Lambda queues Event invocations and retries throttles; here: retry for up to a minute. Every attempt keeps
        // the request id the 202 announced.
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                invoker.invoke(fn, new Invocation(requestId, payload, null, invokedArn));
                return;
            } catch (Invoker.TooManyRequests t) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    System.err.println("local-lambda: Event invocation " + requestId + " of " + fn.name
                            + " dropped (shutting down)");
                    return;
                }
            } catch (Exception e) {
                System.err.println("local-lambda: async invocation " + requestId + " of " + fn.name + " failed: " + e);
                return;
            }
        }
        System.err.println("local-lambda: Event invocation " + requestId + " of " + fn.name
                + " dropped: still throttled after 60 attempts over a minute");
    }

    // ---- functions

    private void listFunctions(HttpExchange ex) throws IOException {
        Map<String, String> q = Http.query(ex);
        List<String> names = registry.names();
        names.sort(null);
        int start = 0;
        String marker = q.get("Marker");
        if (marker != null && !marker.isEmpty()) {
            int i = names.indexOf(marker);
            start = i < 0 ? 0 : i;
        }
        int max = 50;
        if (q.get("MaxItems") != null) {
            try {
                max = Math.max(1, Math.min(10000, Integer.parseInt(q.get("MaxItems"))));
            } catch (NumberFormatException e) {
                LambdaError.send(ex, 400, "InvalidParameterValueException", "MaxItems must be a number");
                return;
            }
        }
        ObjectNode out = Json.object();
        var arr = out.putArray("Functions");
        int end = Math.min(names.size(), start + max);
        for (int i = start; i < end; i++) {
            arr.add(FunctionJson.configuration(registry, registry.function(names.get(i))));
        }
        if (end < names.size()) {
            out.put("NextMarker", names.get(end));
        }
        Http.json(ex, 200, out);
    }

    private void publishVersion(HttpExchange ex, FunctionConfig fn) throws IOException {
        FunctionConfig v = registry.publish(fn);
        if (v == null) {
            LambdaError.send(
                    ex,
                    400,
                    "CodeStorageExceededException",
                    "The local Lambda keeps at most " + Bounds.MAX_VERSIONS
                            + " published versions per function: delete some (aws lambda delete-function --qualifier N)");
            return;
        }
        Http.json(ex, 201, FunctionJson.configuration(registry, v));
    }

    private void deleteVersion(HttpExchange ex, FunctionConfig fn, String qualifier) throws IOException {
        if (qualifier == null || qualifier.equals("$LATEST") || qualifier.equals(fn.alias)) {
            LambdaError.send(
                    ex,
                    400,
                    "InvalidParameterValueException",
                    "the local Lambda deletes published versions only: "
                            + "functions come from the template (give --qualifier with a version number)");
            return;
        }
        FunctionConfig gone = registry.deleteVersion(fn, qualifier);
        if (gone != null) { // its environments go with it
            invoker.recycle(gone);
        }
        ex.sendResponseHeaders(204, -1);
        ex.close();
    }

    private void updateConfiguration(HttpExchange ex, FunctionConfig fn) throws IOException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ex.getRequestBody());
        } catch (IOException e) {
            LambdaError.send(ex, 400, "InvalidRequestContentException", "Could not parse request body into json");
            return;
        }
        if (body == null || !body.isObject()) {
            body = Json.object();
        }
        String rev = body.path("RevisionId").asText(null);
        if (rev != null && !rev.equals(fn.revisionId)) {
            LambdaError.send(
                    ex,
                    412,
                    "PreconditionFailedException",
                    "The Revision Id provided does not match the latest Revision Id.");
            return;
        }
        Integer memory = null;
        Integer timeout = null;
        String handler = null;
        String description = null;
        Map<String, String> environment = null;
        try {
            // checked as a whole before anything is applied: a refused request leaves the configuration as it was
            if (body.has("MemorySize")) {
                memory = ParameterValidation.memorySize(body.get("MemorySize"));
            }
            if (body.has("Timeout")) {
                timeout = ParameterValidation.timeout(body.get("Timeout"));
            }
            if (body.has("Handler")) {
                handler = ParameterValidation.handler(body.get("Handler"));
            }
            if (body.has("Description")) {
                description = ParameterValidation.description(body.get("Description"));
            }
            if (body.has("Environment")) {
                environment =
                        ParameterValidation.environment(body.path("Environment").path("Variables"));
            }
        } catch (ParameterValidation.Invalid e) {
            LambdaError.send(ex, e.status, e.type, e.getMessage());
            return;
        }
        FunctionRegistry.Update update =
                registry.update(fn.name, new FunctionConfig.Change(memory, timeout, handler, description, environment));
        invoker.recycle(update.before()); // the next invocation is cold, with the new configuration
        Http.json(ex, 200, FunctionJson.configuration(registry, update.after()));
    }

    private static String header(HttpExchange ex, String name, String def) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null || v.isBlank() ? def : v;
    }
}
