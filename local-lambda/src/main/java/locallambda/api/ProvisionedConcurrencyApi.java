package locallambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import locallambda.common.Json;
import locallambda.registry.FunctionRegistry;
import locallambda.runtime.ProvisionedPool;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;

/**
 * Put/Get/Delete/ListProvisionedConcurrencyConfigs (2019-09-30), in the shapes and with the errors of Lambda's model:
 * on a published version or an alias only ($LATEST: 400 InvalidParameterValueException), a missing configuration 404
 * ProvisionedConcurrencyConfigNotFoundException, a version already allocated under another qualifier 409
 * ResourceConflictException, more than the concurrency limit leaves (--max-environments) or than the function's reserved
 * concurrency 400 InvalidParameterValueException. The allocation itself is the runtime's ProvisionedPool.
 */
final class ProvisionedConcurrencyApi {
    static final String PREFIX = "/2019-09-30/functions/";
    static final String SUFFIX = "/provisioned-concurrency";

    private final FunctionRegistry registry;
    private final ProvisionedPool pool;
    private final int maxEnvironments;

    ProvisionedConcurrencyApi(FunctionRegistry registry, ProvisionedPool pool, int maxEnvironments) {
        this.registry = registry;
        this.pool = pool;
        this.maxEnvironments = maxEnvironments;
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX) && path.endsWith(SUFFIX);
    }

    void handle(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getRawPath();
        String segment = raw.substring(PREFIX.length(), raw.length() - SUFFIX.length());
        Map<String, String> query = Http.query(ex);
        FunctionRef ref = FunctionRef.parse(URLDecoder.decode(segment, StandardCharsets.UTF_8), query.get("Qualifier"));
        FunctionConfig fn = registry.function(ref.name());
        if (fn == null) {
            throw new ApiException(
                    404, "ResourceNotFoundException", "Function not found: " + Arns.function(ref.name()));
        }
        String method = ex.getRequestMethod();
        if (method.equals("GET") && query.containsKey("List")) {
            list(ex, fn);
            return;
        }
        String qualifier = ref.qualifier();
        FunctionConfig version = version(fn, qualifier);
        switch (method) {
            case "PUT" -> put(ex, fn, qualifier, version);
            case "GET" -> {
                ProvisionedPool.Snapshot s = pool.get(version);
                if (s == null || !s.qualifier().equals(qualifier)) {
                    throw notFound();
                }
                Http.json(ex, 200, json(s));
            }
            case "DELETE" -> {
                ProvisionedPool.Snapshot s = pool.get(version);
                if (s == null || !s.qualifier().equals(qualifier)) {
                    throw notFound();
                }
                pool.delete(version);
                ex.sendResponseHeaders(204, -1);
                ex.close();
            }
            default ->
                throw new ApiException(
                        400,
                        "InvalidParameterValueException",
                        "operation " + method + " provisioned-concurrency is not supported by the local Lambda");
        }
    }

    /** The published version a qualifier names (a version number or the alias); $LATEST and none are refused. */
    private FunctionConfig version(FunctionConfig fn, String qualifier) {
        if (qualifier == null || qualifier.isEmpty()) {
            throw new ApiException(
                    400, "InvalidParameterValueException", "Qualifier is required: a version number or an alias");
        }
        ParameterValidation.qualifier(qualifier);
        if (qualifier.equals("$LATEST")) {
            throw new ApiException(
                    400,
                    "InvalidParameterValueException",
                    "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }
        FunctionConfig version = registry.target(fn, qualifier);
        if (version == null) {
            throw new ApiException(
                    404, "ResourceNotFoundException", "Function not found: " + Arns.function(fn.name, qualifier));
        }
        return version;
    }

    private void put(HttpExchange ex, FunctionConfig fn, String qualifier, FunctionConfig version) throws IOException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ex.getRequestBody());
        } catch (IOException e) {
            throw new ApiException(400, "InvalidRequestContentException", "Could not parse request body into json");
        }
        JsonNode n = body == null ? null : body.get("ProvisionedConcurrentExecutions");
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
            throw ParameterValidation.Invalid.validation(
                    n == null ? null : n.asText(),
                    "provisionedConcurrentExecutions",
                    "Member must have value greater than or equal to 1");
        }
        int count = n.asInt();
        ProvisionedPool.Snapshot existing = pool.get(version);
        if (existing != null && !existing.qualifier().equals(qualifier)) {
            throw new ApiException(
                    409,
                    "ResourceConflictException",
                    "Provisioned Concurrency is already configured for " + Arns.function(fn.name, existing.qualifier())
                            + ", which is the same version as " + qualifier);
        }
        if (fn.reservedConcurrency >= 0 && count > fn.reservedConcurrency) {
            throw new ApiException(
                    400,
                    "InvalidParameterValueException",
                    "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for"
                            + " function (" + fn.reservedConcurrency + ")");
        }
        int elsewhere = pool.snapshots().stream()
                .filter(s -> s.fn() != version)
                .mapToInt(ProvisionedPool.Snapshot::requested)
                .sum();
        if (elsewhere + count > maxEnvironments) {
            throw new ApiException(
                    400,
                    "InvalidParameterValueException",
                    "Requested Provisioned Concurrency " + count + " exceeds the account's unreserved concurrency: "
                            + (maxEnvironments - elsewhere) + " of --max-environments " + maxEnvironments
                            + " are not provisioned");
        }
        Http.json(ex, 202, json(pool.put(version, qualifier, count)));
    }

    private void list(HttpExchange ex, FunctionConfig fn) throws IOException {
        ObjectNode out = Json.object();
        var arr = out.putArray("ProvisionedConcurrencyConfigs");
        for (ProvisionedPool.Snapshot s : pool.snapshots()) {
            if (s.fn().name.equals(fn.name)) {
                arr.add(json(s).put("FunctionArn", Arns.function(fn.name, s.qualifier())));
            }
        }
        Http.json(ex, 200, out);
    }

    /** The members of Get's answer (and of Put's, and of a List item without its FunctionArn). */
    static ObjectNode json(ProvisionedPool.Snapshot s) {
        ObjectNode o = Json.object();
        o.put("RequestedProvisionedConcurrentExecutions", s.requested());
        o.put("AvailableProvisionedConcurrentExecutions", s.allocated());
        o.put("AllocatedProvisionedConcurrentExecutions", s.allocated());
        o.put("Status", s.status().name());
        if (s.statusReason() != null) {
            o.put("StatusReason", s.statusReason());
        }
        o.put("LastModified", s.lastModified());
        return o;
    }

    private static ApiException notFound() {
        return new ApiException(
                404,
                "ProvisionedConcurrencyConfigNotFoundException",
                "No Provisioned Concurrency Config found for this function");
    }
}
