package locallambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import locallambda.api.RequestGuardTest;
import locallambda.common.Bounds;
import locallambda.common.Json;
import locallambda.runtime.RuntimePeer;
import locallambda.sandbox.RuntimeCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The whole server under hostile requests: each class of refusal is answered with its status and error type, nothing
 * is applied, and the next request is served normally. Own server, state dir target/it-sec/state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {
    private static Main server;
    private static int port;
    private static String host;
    private static LambdaClient lambda;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(Paths.get("target/it-sec"));
        TestServer t = TestServer.start("target/it-sec/state", 2, 60);
        server = t.server();
        port = server.port();
        host = "127.0.0.1:" + port;
        lambda = t.lambda();
        logs = t.logs();
    }

    @AfterAll
    static void stop() {
        TestServer.stop(server, lambda, logs);
    }

    private static Map<String, String> signed(String... kv) {
        Map<String, String> h = new HashMap<>();
        h.put("Authorization", TestServer.AUTHORIZATION);
        h.put("Content-Type", "application/json");
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return h;
    }

    private static RequestGuardTest.Answer call(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        return RequestGuardTest.raw(
                port, method, path, host, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode assertRefused(RequestGuardTest.Answer a, int status, String type) throws Exception {
        assertEquals(status, a.status(), a.body());
        assertEquals(type, a.headers().get("x-amzn-ErrorType"), a.body());
        return a.json();
    }

    private static String echo() {
        InvokeResponse r =
                lambda.invoke(b -> b.functionName("EchoFunction").payload(SdkBytes.fromUtf8String("{\"k\":1}")));
        assertEquals(200, r.statusCode());
        assertEquals(null, r.functionError(), r.payload().asUtf8String());
        return r.payload().asUtf8String();
    }

    @Test
    @Order(1)
    void foreignHostOriginAndUnsignedRequestsAreRefusedAndTheNextIsServed() throws Exception {
        String rev = lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"))
                .revisionId();
        // DNS rebinding: a foreign Host
        assertRefused(
                RequestGuardTest.raw(
                        port,
                        "GET",
                        "/2015-03-31/functions/EchoFunction/configuration",
                        "attacker.example:" + port,
                        signed(),
                        null),
                403,
                "AccessDeniedException");
        // a web page: text/plain POST with its Origin (no preflight), to PublishVersion and to an update
        Map<String, String> page = signed("Origin", "https://attacker.example", "Content-Type", "text/plain");
        assertRefused(
                call("POST", "/2015-03-31/functions/EchoFunction/versions", page, "{}"), 403, "AccessDeniedException");
        assertRefused(
                call("PUT", "/2015-03-31/functions/EchoFunction/configuration", page, "{\"Timeout\":3}"),
                403,
                "AccessDeniedException");
        // no SigV4 Authorization
        assertRefused(
                call("POST", "/2015-03-31/functions/EchoFunction/invocations", Map.of(), "{}"),
                403,
                "MissingAuthenticationTokenException");
        assertEquals(
                rev,
                lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"))
                        .revisionId(),
                "nothing applied");
        // /_local/info: no Authorization needed, Host still checked
        assertEquals(200, call("GET", "/_local/info", Map.of(), null).status());
        assertRefused(
                RequestGuardTest.raw(port, "GET", "/_local/info", "attacker.example:" + port, Map.of(), null),
                403,
                "AccessDeniedException");
        echo();
    }

    @Test
    @Order(2)
    void invalidConfigurationsAreRefusedAndNothingIsApplied() throws Exception {
        var before = lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"));
        String path = "/2015-03-31/functions/EchoFunction/configuration";
        String wraps = BigInteger.TWO.pow(32).add(BigInteger.valueOf(128)).toString();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"Environment\":{\"Variables\":{\"A=B\":\"x\"}}}", "ValidationException");
        cases.put(
                "{\"Environment\":{\"Variables\":{\"BASH_ENV\":\"$(touch /tmp/pwned)\"}}}",
                "InvalidParameterValueException");
        cases.put("{\"Environment\":{\"Variables\":{\"LD_PRELOAD\":\"/tmp/x.so\"}}}", "InvalidParameterValueException");
        cases.put(
                "{\"Environment\":{\"Variables\":{\"JAVA_TOOL_OPTIONS\":\"-agentlib:jdwp=transport=dt_socket,server=y,address=*:5005\"}}}",
                "InvalidParameterValueException");
        cases.put(
                "{\"Environment\":{\"Variables\":{\"BIG\":\"" + "x".repeat(4100) + "\"}}}",
                "InvalidParameterValueException");
        cases.put("{\"MemorySize\":" + wraps + "}", "InvalidParameterValueException");
        cases.put("{\"Timeout\":901}", "InvalidParameterValueException");
        cases.put("{\"Handler\":\"" + "h".repeat(129) + "\"}", "ValidationException");
        for (var c : cases.entrySet()) {
            assertRefused(call("PUT", path, signed(), c.getKey()), 400, c.getValue());
        }
        var after = lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"));
        assertEquals(before.revisionId(), after.revisionId());
        assertEquals(before.memorySize(), after.memorySize());
        // a body past 1 MB
        assertRefused(
                call("PUT", path, signed(), "{\"Description\":\"" + "d".repeat(Bounds.MAX_API_BODY) + "\"}"),
                413,
                "RequestTooLargeException");
        echo();
    }

    @Test
    @Order(3)
    void userVariablesReachTheJvmVerbatimButNotTheWrapper() throws Exception {
        Path marker = Paths.get("target/it-sec/pwned");
        Files.deleteIfExists(marker);
        String tricky = "$(touch " + marker.toAbsolutePath() + ") `id` \"q\" 'x' a=b\nline2";
        lambda.updateFunctionConfiguration(b -> b.functionName("EchoFunction")
                .environment(
                        e -> e.variables(Map.of("GREETING", tricky, "KIT_STACK", "local", "KIT_TECHNIQUE", "test"))));
        JsonNode out = Json.MAPPER.readTree(echo());
        assertEquals(tricky, out.at("/env/GREETING").asText());
        assertFalse(Files.exists(marker), "nothing ran");
    }

    @Test
    @Order(4)
    void badQualifiersAndClientContextsAreAnsweredAndTheEnvironmentLives() throws Exception {
        assertRefused(
                call("GET", "/2015-03-31/functions/EchoFunction/configuration?Qualifier=9999999999", signed(), null),
                404,
                "ResourceNotFoundException");
        assertRefused(
                call("GET", "/2015-03-31/functions/EchoFunction:9999999999/configuration", signed(), null),
                404,
                "ResourceNotFoundException");
        assertRefused(
                call(
                        "GET",
                        "/2015-03-31/functions/EchoFunction/configuration?Qualifier=" + "q".repeat(129),
                        signed(),
                        null),
                400,
                "ValidationException");
        assertRefused(
                call("DELETE", "/2015-03-31/functions/EchoFunction?Qualifier=a%20b", signed(), null),
                400,
                "ValidationException");
        echo();
        // CR/LF and non-ASCII inside the client context: the runtime gets one line of JSON, the environment stays warm
        String cc = Base64.getEncoder()
                .encodeToString(
                        "{\"custom\":{\"k\":\"a\\r\\nb\u00e9\"},\r\n\"env\":{}}".getBytes(StandardCharsets.UTF_8));
        RequestGuardTest.Answer a = call(
                "POST",
                "/2015-03-31/functions/EchoFunction/invocations",
                signed("X-Amz-Client-Context", cc, "X-Amz-Log-Type", "Tail"),
                "{}");
        assertEquals(200, a.status(), a.body());
        assertFalse(a.headers().containsKey("X-Amz-Function-Error"), a.body());
        RequestGuardTest.Answer warm =
                call("POST", "/2015-03-31/functions/EchoFunction/invocations", signed("X-Amz-Log-Type", "Tail"), "{}");
        assertEquals(200, warm.status());
        String tail =
                new String(Base64.getDecoder().decode(warm.headers().get("X-Amz-Log-Result")), StandardCharsets.UTF_8);
        assertFalse(tail.contains("Init Duration"), "still warm: " + tail);
        String big = Base64.getEncoder()
                .encodeToString(("{\"k\":\"" + "x".repeat(2700) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertRefused(
                call(
                        "POST",
                        "/2015-03-31/functions/EchoFunction/invocations",
                        signed("X-Amz-Client-Context", big),
                        "{}"),
                400,
                "InvalidRequestContentException");
    }

    @Test
    @Order(5)
    void logsTokensAndPatternsAreChecked() throws Exception {
        String group = TestServer.logGroup(lambda, "EchoFunction");
        for (String op : new String[] {"DescribeLogStreams", "FilterLogEvents", "DescribeLogGroups"}) {
            RequestGuardTest.Answer a = call(
                    "POST",
                    "/",
                    signed("X-Amz-Target", "Logs_20140328." + op, "Content-Type", "application/x-amz-json-1.1"),
                    "{\"logGroupName\":\"" + group + "\",\"nextToken\":\"-1\"}");
            assertEquals(400, a.status(), op + " " + a.body());
            assertEquals("InvalidParameterException", a.json().path("__type").asText(), a.body());
        }
        // a pattern that backtracks for minutes on java.util.regex answers at once; a 1025-character one is refused
        long t0 = System.nanoTime();
        RequestGuardTest.Answer slow = call(
                "POST",
                "/",
                signed("X-Amz-Target", "Logs_20140328.FilterLogEvents", "Content-Type", "application/x-amz-json-1.1"),
                "{\"logGroupName\":\"" + group + "\",\"filterPattern\":\"%.*.*.*.*.*.*#%\"}");
        assertEquals(200, slow.status(), slow.body());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
        RequestGuardTest.Answer longer = call(
                "POST",
                "/",
                signed("X-Amz-Target", "Logs_20140328.FilterLogEvents", "Content-Type", "application/x-amz-json-1.1"),
                "{\"logGroupName\":\"" + group + "\",\"filterPattern\":\"" + "x".repeat(1025) + "\"}");
        assertEquals(400, longer.status());
        assertEquals(
                1,
                logs.describeLogGroups(b -> b.logGroupNamePrefix(group))
                        .logGroups()
                        .size());
    }

    @Test
    @Order(6)
    void aRefusedEnvironmentStartLeaksNothing() throws Exception {
        echo();
        long dispatchers = dispatchers();
        long fds = fds();
        String rev = lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"))
                .revisionId();
        for (int i = 0; i < 5; i++) {
            assertRefused(
                    call(
                            "PUT",
                            "/2015-03-31/functions/EchoFunction/configuration",
                            signed(),
                            "{\"Environment\":{\"Variables\":{\"A=B\":\"x\"}}}"),
                    400,
                    "ValidationException");
            echo();
        }
        assertEquals(
                rev,
                lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"))
                        .revisionId());
        // before: an invalid name was accepted, and every invoke then leaked a Runtime API server (its dispatcher
        // thread), sockets and a cgroup
        assertEquals(dispatchers, dispatchers(), "Runtime API servers");
        assertTrue(fds() <= fds + 16, fds + " -> " + fds() + " fds");
    }

    @Test
    @Order(7)
    void aStrayGetNextOnAnEnvironmentsRuntimeApiIsRefused() throws Exception {
        Assumptions.assumeTrue(RuntimePeer.available(), "no /proc");
        echo();
        // the environment's JVM is a child of this process (the server runs in-process): its AWS_LAMBDA_RUNTIME_API
        String api = null;
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            if (!p.info().commandLine().orElse("").contains(RuntimeCommand.RIC_MAIN)) {
                continue;
            }
            for (String kv :
                    Files.readString(Paths.get("/proc/" + p.pid() + "/environ")).split("\0")) {
                if (kv.startsWith("AWS_LAMBDA_RUNTIME_API=")) {
                    api = kv.substring(kv.indexOf('=') + 1);
                }
            }
        }
        Assumptions.assumeTrue(api != null, "no environment JVM found");
        int apiPort = Integer.parseInt(api.substring(api.lastIndexOf(':') + 1));
        RequestGuardTest.Answer stray =
                RequestGuardTest.raw(apiPort, "GET", "/2018-06-01/runtime/invocation/next", api, Map.of(), null);
        assertEquals(403, stray.status(), stray.body());
        // the environment still serves its own runtime
        echo();
    }

    private static long dispatchers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("HTTP-Dispatcher"))
                .count();
    }

    private static long fds() throws Exception {
        try (var s = Files.list(Paths.get("/proc/self/fd"))) {
            return s.count();
        }
    }
}
