package runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The operations as HTTP requests to the local Lambda (its Lambda REST API and its CloudWatch Logs JSON 1.1 API), in the
 * CLI's shapes: what `aws ... --output json` would print, every page of a paginated listing merged as the CLI merges
 * them, the waiters polled as the CLI's waiters poll, and the CLI's words for a failure.
 */
final class LocalApi implements Api {
    private static final String FUNCTIONS = "/2015-03-31/functions/";
    private static final String PROVISIONED = "/2019-09-30/functions/";
    private static final String JSON = "application/json";
    private static final String LOGS_JSON = "application/x-amz-json-1.1";

    /** A waiter of the Lambda model: its name, the operation it polls, the delay between polls and how many it makes. */
    record Waiter(String name, long delayMs, int attempts) {
        static final Waiter UPDATED = new Waiter("FunctionUpdated", 5000, 60);
        static final Waiter ACTIVE = new Waiter("FunctionActiveV2", 1000, 300);
    }

    private final LocalHttp http;
    private final LocalHttp.Sleeper sleeper;

    LocalApi(LocalHttp http) {
        this(http, Thread::sleep);
    }

    LocalApi(LocalHttp http, LocalHttp.Sleeper sleeper) {
        this.http = http;
        this.sleeper = sleeper;
    }

    @Override
    public Reply listFunctions() {
        ArrayNode functions = Json.array();
        String marker = null;
        try {
            do {
                JsonNode page = json(http.send(
                        "ListFunctions",
                        "GET",
                        FUNCTIONS + (marker == null ? "" : "?Marker=" + encode(marker)),
                        null,
                        LocalHttp.READ_TIMEOUT));
                page.path("Functions").forEach(functions::add);
                marker = page.path("NextMarker").asText(null);
            } while (marker != null && !marker.isEmpty());
        } catch (LocalHttp.Failed e) {
            return Reply.failed(e.getMessage());
        }
        ObjectNode out = Json.object();
        out.set("Functions", functions);
        return Reply.ok(Json.compact(out));
    }

    @Override
    public Reply getFunctionConfiguration(String function) {
        try {
            return Reply.ok(Json.compact(configuration(function)));
        } catch (LocalHttp.Failed e) {
            return Reply.failed(e.getMessage());
        }
    }

    @Override
    public Reply updateFunctionConfiguration(String function, Integer memoryMb, Path environment) {
        try {
            ObjectNode body = Json.object();
            if (memoryMb != null) {
                body.put("MemorySize", memoryMb);
            }
            body.set("Environment", Json.read(environment));
            return Reply.ok(new String(
                    http.send(
                                    "UpdateFunctionConfiguration",
                                    "PUT",
                                    path(function, "/configuration", null),
                                    Json.compact(body).getBytes(StandardCharsets.UTF_8),
                                    LocalHttp.READ_TIMEOUT,
                                    "Content-Type",
                                    JSON)
                            .body(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Reply.failed("Error parsing parameter '--environment': " + e.getMessage());
        } catch (LocalHttp.Failed e) {
            return Reply.failed(e.getMessage());
        }
    }

    @Override
    public Reply publishVersion(String function) {
        try {
            JsonNode v = json(http.send(
                    "PublishVersion",
                    "POST",
                    path(function, "/versions", null),
                    "{}".getBytes(StandardCharsets.UTF_8),
                    LocalHttp.READ_TIMEOUT,
                    "Content-Type",
                    JSON));
            return Reply.ok(v.path("Version").asText(""));
        } catch (LocalHttp.Failed e) {
            return Reply.failed(e.getMessage());
        }
    }

    /** Polls LastUpdateStatus: the local Lambda applies an update before it answers, so the first poll says Successful. */
    @Override
    public Reply waitUpdated(String function) {
        return await(
                Waiter.UPDATED,
                "LastUpdateStatus",
                "Successful",
                () -> configuration(function).path("LastUpdateStatus").asText(""));
    }

    /** Polls GetFunction's Configuration.State: a function the local Lambda still builds is Pending. */
    @Override
    public Reply waitActive(String function, String qualifier) {
        return await(
                Waiter.ACTIVE,
                "Configuration.State",
                "Active",
                () -> json(http.send("GetFunction", "GET", path(function, "", qualifier), null, LocalHttp.READ_TIMEOUT))
                        .path("Configuration")
                        .path("State")
                        .asText(""));
    }

    @Override
    public Reply deleteVersion(String function, String qualifier) {
        try {
            http.send("DeleteFunction", "DELETE", path(function, "", qualifier), null, LocalHttp.READ_TIMEOUT);
            return Reply.ok("");
        } catch (LocalHttp.Failed e) {
            return Reply.failed(e.getMessage());
        }
    }

    @Override
    public Reply putProvisionedConcurrency(String function, String qualifier, int environments) {
        ObjectNode body = Json.object();
        body.put("ProvisionedConcurrentExecutions", environments);
        return provisioned(
                "PutProvisionedConcurrencyConfig", "PUT", function, qualifier, Json.compact(body).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Reply getProvisionedConcurrency(String function, String qualifier) {
        return provisioned("GetProvisionedConcurrencyConfig", "GET", function, qualifier, null);
    }

    @Override
    public Reply deleteProvisionedConcurrency(String function, String qualifier) {
        Reply r = provisioned("DeleteProvisionedConcurrencyConfig", "DELETE", function, qualifier, null);
        return r.ok() ? Reply.ok("") : r;
    }

    private Reply provisioned(String operation, String method, String function, String qualifier, byte[] body) {
        try {
            String path = PROVISIONED + encode(function) + "/provisioned-concurrency?Qualifier=" + encode(qualifier);
            LocalHttp.Response r = body == null
                    ? http.send(operation, method, path, null, LocalHttp.READ_TIMEOUT)
                    : http.send(operation, method, path, body, LocalHttp.READ_TIMEOUT, "Content-Type", JSON);
            return Reply.ok(new String(r.body(), StandardCharsets.UTF_8));
        } catch (LocalHttp.Failed e) {
            return Reply.failed(e.getMessage());
        }
    }

    @Override
    public Reply invoke(String function, Path payload, String qualifier, boolean untimed, Path body) {
        byte[] event;
        try {
            event = Files.readAllBytes(payload);
        } catch (IOException e) {
            return Reply.failed("Error parsing parameter '--payload': Unable to load paramfile fileb://" + payload + ": "
                    + e);
        }
        try {
            LocalHttp.Response r = http.send(
                    "Invoke",
                    "POST",
                    path(function, "/invocations", qualifier.isEmpty() ? null : qualifier),
                    event,
                    untimed ? null : LocalHttp.READ_TIMEOUT,
                    "X-Amz-Invocation-Type",
                    "RequestResponse",
                    "X-Amz-Log-Type",
                    "Tail");
            Files.write(body, r.body());
            // the members of the CLI's output, in its order; the payload went to the file
            ObjectNode out = Json.object();
            out.put("StatusCode", r.status());
            putHeader(out, "FunctionError", r.header("X-Amz-Function-Error"));
            putHeader(out, "LogResult", r.header("X-Amz-Log-Result"));
            putHeader(out, "ExecutedVersion", r.header("X-Amz-Executed-Version"));
            return Reply.ok(Json.compact(out));
        } catch (IOException e) {
            return Reply.failed("could not write the response to " + body + ": " + e);
        } catch (LocalHttp.Failed e) {
            return Reply.failed(e.getMessage());
        }
    }

    @Override
    public Reply filterLogEvents(String group, long startMs, String pattern) {
        ArrayNode events = Json.array();
        ArrayNode searched = Json.array();
        String token = null;
        try {
            do {
                ObjectNode request = Json.object();
                request.put("logGroupName", group);
                request.put("startTime", startMs);
                request.put("filterPattern", pattern);
                if (token != null) {
                    request.put("nextToken", token);
                }
                JsonNode page = json(http.send(
                        "FilterLogEvents",
                        "POST",
                        "/",
                        Json.compact(request).getBytes(StandardCharsets.UTF_8),
                        LocalHttp.READ_TIMEOUT,
                        "X-Amz-Target",
                        "Logs_20140328.FilterLogEvents",
                        "Content-Type",
                        LOGS_JSON));
                page.path("events").forEach(events::add);
                page.path("searchedLogStreams").forEach(searched::add);
                token = page.path("nextToken").asText(null);
            } while (token != null && !token.isEmpty());
        } catch (LocalHttp.Failed e) {
            return Reply.failed(e.getMessage());
        }
        ObjectNode out = Json.object();
        out.set("events", events);
        out.set("searchedLogStreams", searched);
        return Reply.ok(Json.compact(out));
    }

    @Override
    public void stop() {
        http.stop();
    }

    @Override
    public boolean stopped() {
        return http.stopped();
    }

    private JsonNode configuration(String function) throws LocalHttp.Failed {
        return json(http.send(
                "GetFunctionConfiguration", "GET", path(function, "/configuration", null), null, LocalHttp.READ_TIMEOUT));
    }

    interface Poll {
        String state() throws LocalHttp.Failed;
    }

    /**
     * A waiter as botocore runs it: success on the state wanted, a terminal failure on Failed, an error ends it at once,
     * anything else is polled again after the delay, up to the waiter's attempts.
     */
    private Reply await(Waiter w, String expression, String wanted, Poll poll) {
        String failed = "Waiter " + w.name() + " failed: ";
        for (int attempt = 1; attempt <= w.attempts(); attempt++) {
            String state;
            try {
                state = poll.state();
            } catch (LocalHttp.Failed e) {
                return Reply.failed(failed + "An error occurred (" + e.code + "): " + e.detail);
            }
            if (state.equals(wanted)) {
                return Reply.ok("");
            }
            if (state.equals("Failed")) {
                return Reply.failed(failed + "Waiter encountered a terminal failure state: For expression \""
                        + expression + "\" we matched expected path: \"Failed\"");
            }
            if (attempt < w.attempts()) {
                try {
                    sleeper.sleep(w.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Api.Stopped();
                }
            }
        }
        return Reply.failed(failed + "Max attempts exceeded");
    }

    private static String path(String function, String sub, String qualifier) {
        return FUNCTIONS + encode(function) + sub + (qualifier == null ? "" : "?Qualifier=" + encode(qualifier));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode json(LocalHttp.Response r) {
        return Json.parseOrText(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static void putHeader(ObjectNode out, String member, String value) {
        if (value != null) {
            out.put(member, value);
        }
    }
}
