package locallambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import locallambda.common.Bounds;
import locallambda.common.Json;
import locallambda.registry.FunctionRegistry;
import locallambda.runtime.Invoker;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;

/**
 * The Lambda REST API (2015-03-31), as the kit's scripts, the AWS CLI and the SDKs call it: Invoke (RequestResponse,
 * Event, DryRun), ListFunctions, GetFunction, GetFunctionConfiguration, UpdateFunctionConfiguration, PublishVersion,
 * DeleteFunction of a published version and GetFunctionConcurrency. A qualifier names $LATEST, a published version or
 * the template's AutoPublishAlias. Functions come from the template: there is no CreateFunction. Errors in Lambda's shape
 * (x-amzn-ErrorType + {"Type":"User","message":...}, with the message member spelled as the model spells it for that
 * error). This class finds the function and routes; Invoke's checks and answers are InvokeApi's.
 */
public final class LambdaApi {
    public static final String PREFIX = "/2015-03-31/functions";

    private final FunctionRegistry registry;
    private final Invoker invoker;
    private final InvokeApi invokeApi;
    private final ProvisionedConcurrencyApi provisionedApi;

    public LambdaApi(FunctionRegistry registry, Invoker invoker, ExecutorService async) {
        this.registry = registry;
        this.invoker = invoker;
        this.invokeApi = new InvokeApi(registry, invoker, new EventQueue(invoker, async));
        this.provisionedApi = new ProvisionedConcurrencyApi(registry, invoker.provisioned(), invoker.maxEnvironments());
    }

    /** Whether a path is one of the provisioned-concurrency operations (2019-09-30), which {@link #handle} serves too. */
    public static boolean handles(String path) {
        return path.startsWith(PREFIX) || ProvisionedConcurrencyApi.handles(path);
    }

    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (ProvisionedConcurrencyApi.handles(ex.getRequestURI().getPath())) {
            provisionedApi.handle(ex);
            return;
        }
        String method = ex.getRequestMethod();
        String rest = path.substring(PREFIX.length());
        if (rest.isEmpty() || rest.equals("/")) {
            if (method.equals("GET")) {
                listFunctions(ex);
                return;
            }
            throw new ApiException(
                    400,
                    "InvalidParameterValueException",
                    "CreateFunction is not supported by the local Lambda: functions come from the template");
        }
        String[] parts = rest.substring(1).split("/");
        String sub = parts.length > 1 ? parts[1] : "";
        FunctionRef ref = FunctionRef.parse(
                URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                Http.query(ex).get("Qualifier"));
        String name = ref.name();
        String qualifier = ref.qualifier();
        ParameterValidation.qualifier(qualifier);
        FunctionConfig fn = registry.function(name);
        if (fn == null) {
            throw new ApiException(404, "ResourceNotFoundException", "Function not found: " + Arns.function(name));
        }
        FunctionConfig target = registry.target(fn, qualifier);
        if (target == null) {
            throw new ApiException(
                    404, "ResourceNotFoundException", "Function not found: " + Arns.function(fn.name, qualifier));
        }
        switch (method + " " + sub) {
            case "POST invocations" -> invokeApi.invoke(ex, target, qualifier);
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
                throw new ApiException(
                        400,
                        "InvalidParameterValueException",
                        "operation " + method + " " + sub + " is not supported by the local Lambda");
        }
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
                throw new ApiException(400, "InvalidParameterValueException", "MaxItems must be a number");
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
            throw new ApiException(
                    400,
                    "CodeStorageExceededException",
                    "The local Lambda keeps at most " + Bounds.MAX_VERSIONS
                            + " published versions per function: delete some (aws lambda delete-function --qualifier N)");
        }
        Http.json(ex, 201, FunctionJson.configuration(registry, v));
    }

    private void deleteVersion(HttpExchange ex, FunctionConfig fn, String qualifier) throws IOException {
        if (qualifier == null || qualifier.equals("$LATEST") || qualifier.equals(fn.alias)) {
            throw new ApiException(
                    400,
                    "InvalidParameterValueException",
                    "the local Lambda deletes published versions only: "
                            + "functions come from the template (give --qualifier with a version number)");
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
            throw new ApiException(400, "InvalidRequestContentException", "Could not parse request body into json");
        }
        if (body == null || !body.isObject()) {
            body = Json.object();
        }
        String rev = body.path("RevisionId").asText(null);
        if (rev != null && !rev.equals(fn.revisionId)) {
            throw new ApiException(
                    412,
                    "PreconditionFailedException",
                    "The Revision Id provided does not match the latest Revision Id.");
        }
        Integer memory = null;
        Integer timeout = null;
        String handler = null;
        String description = null;
        Map<String, String> environment = null;
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
        FunctionRegistry.Update update =
                registry.update(fn.name, new FunctionConfig.Change(memory, timeout, handler, description, environment));
        invoker.recycle(update.before()); // the next invocation is cold, with the new configuration
        Http.json(ex, 200, FunctionJson.configuration(registry, update.after()));
    }
}
