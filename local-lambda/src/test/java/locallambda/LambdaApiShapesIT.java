package locallambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import locallambda.common.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The Lambda API's wire shapes as real clients see them (the `aws` CLI v1, the SDK v2, raw HTTP): Invoke's request size
 * limits, Event and DryRun invocations, error bodies as the botocore model spells them, and reserved environment keys.
 * Own server on its own port and state dir (target/it-api/state), stopped in @AfterAll.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaApiShapesIT {
    private static final int IDLE_SECONDS = 3;
    private static final int MAX_ENVIRONMENTS = 2;
    private static final int SYNC_LIMIT = 6291456;
    private static final int EVENT_LIMIT = 1048576;
    private static Main server;
    private static String endpoint;
    private static Path work;
    private static LambdaClient lambda;
    private static CloudWatchLogsClient logs;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createDirectories(Paths.get("target/it-api"));
        TestServer t = TestServer.start("target/it-api/state", MAX_ENVIRONMENTS, IDLE_SECONDS);
        server = t.server();
        endpoint = t.endpoint();
        lambda = t.lambda();
        logs = t.logs();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        TestServer.stop(server, lambda, logs);
        assertEquals(0, TestServer.runtimeChildren(), "child JVMs left running");
    }

    // ---- helpers

    /** POST .../invocations with a raw body (no SDK in between: exact bytes, exact headers back). */
    private static HttpResponse<String> rawInvoke(String function, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(endpoint + "/2015-03-31/functions/" + function + "/invocations"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", TestServer.AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("X-Amz-Invocation-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> raw(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", TestServer.AUTHORIZATION)
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON object of exactly n bytes, {"p":"xx...x"} (an object: the fixture handlers take a Map). */
    private static byte[] jsonOfSize(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        byte[] head = "{\"p\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        b[n - 2] = '"';
        b[n - 1] = '}';
        return b;
    }

    /** The error as the model describes it: x-amzn-ErrorType, Type, and the message under exactly the member name given. */
    private static JsonNode assertError(HttpResponse<String> r, int status, String type, String messageMember)
            throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(
                type,
                r.headers().firstValue("x-amzn-ErrorType").orElse(null),
                r.headers().map().toString());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals(status >= 500 ? "Service" : "User", body.path("Type").asText(null), r.body());
        assertTrue(body.hasNonNull(messageMember), messageMember + " in " + r.body());
        String other = messageMember.equals("message") ? "Message" : "message";
        assertFalse(body.has(other), "only the modelled member " + messageMember + ": " + r.body());
        return body;
    }

    /** n bytes of 'x', made as they are read: a 50 MB body without a 50 MB array. */
    private static InputStream xs(long n) {
        return new InputStream() {
            private long left = n;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                Arrays.fill(b, off, off + k, (byte) 'x');
                left -= k;
                return k;
            }
        };
    }

    record Streamed(int status, String errorType, JsonNode body) {}

    /**
     * A body of size bytes streamed with a fixed Content-Length (HttpURLConnection, as the SDK's UrlConnection client
     * sends): the whole body is written before the answer is read, as most clients do. A server that answers and
     * closes while the body is still arriving makes the write (or the read after it) fail with a reset.
     */
    private static Streamed streamed(String method, String path, Map<String, String> headers, long size)
            throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) URI.create(endpoint + path).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(size);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(120_000);
            c.setRequestProperty("Authorization", TestServer.AUTHORIZATION);
            c.setRequestProperty("Content-Type", "application/json");
            headers.forEach(c::setRequestProperty);
            try (OutputStream out = c.getOutputStream()) {
                xs(size).transferTo(out);
            }
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return new Streamed(status, c.getHeaderField("x-amzn-ErrorType"), Json.MAPPER.readTree(in));
            }
        } finally {
            c.disconnect();
        }
    }

    record Cli(int exitCode, String stdout, String stderr) {}

    private static Cli cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        pb.environment().remove("AWS_PROFILE");
        pb.redirectOutput(work.resolve("cli.out").toFile())
                .redirectError(work.resolve("cli.err").toFile());
        Process p = pb.start();
        int code = p.waitFor();
        return new Cli(code, Files.readString(work.resolve("cli.out")), Files.readString(work.resolve("cli.err")));
    }

    private static List<FilteredLogEvent> filter(String group, String pattern) {
        return logs.filterLogEvents(r -> r.logGroupName(group).filterPattern(pattern))
                .events();
    }

    // ---- tests

    @Test
    @Order(1)
    void synchronousRequestsAreLimitedTo6291456Bytes() throws Exception {
        // one byte over: 413 with Lambda's message (the old check used the 6291556-byte response limit and let it in)
        HttpResponse<String> over = rawInvoke("EchoFunction", null, jsonOfSize(SYNC_LIMIT + 1));
        JsonNode body = assertError(over, 413, "RequestTooLargeException", "message");
        assertEquals(
                "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
                body.get("message").asText());

        RequestTooLargeException sdk = assertThrows(
                RequestTooLargeException.class,
                () -> lambda.invoke(b ->
                        b.functionName("EchoFunction").payload(SdkBytes.fromByteArray(jsonOfSize(SYNC_LIMIT + 1)))));
        assertEquals(413, sdk.statusCode());
        assertEquals(
                "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
                sdk.awsErrorDetails().errorMessage());

        Path big = work.resolve("over.json");
        Files.write(big, jsonOfSize(SYNC_LIMIT + 1));
        Cli c = cli(
                "lambda",
                "invoke",
                "--function-name",
                "EchoFunction",
                "--payload",
                "fileb://" + big.toAbsolutePath(),
                work.resolve("over-out.json").toAbsolutePath().toString());
        assertEquals(255, c.exitCode(), c.stderr());
        assertTrue(
                c.stderr().contains("RequestTooLargeException") && c.stderr().contains("smaller than 6291456 bytes"),
                c.stderr());

        // exactly the limit passes the size check: a DryRun of it is accepted, a non-JSON one fails on its content
        assertEquals(
                204, rawInvoke("EchoFunction", "DryRun", jsonOfSize(SYNC_LIMIT)).statusCode());
        byte[] notJson = new byte[SYNC_LIMIT];
        Arrays.fill(notJson, (byte) 'x');
        assertError(rawInvoke("EchoFunction", null, notJson), 400, "InvalidRequestContentException", "message");
    }

    @Test
    @Order(2)
    void dryRunValidatesWithoutInvoking() throws Exception {
        InvokeResponse r = lambda.invoke(b -> b.functionName("ThrowFunction")
                .invocationType(InvocationType.DRY_RUN)
                .payload(SdkBytes.fromUtf8String("{}")));
        assertEquals(204, r.statusCode());
        assertEquals("$LATEST", r.executedVersion());
        assertNull(r.functionError());
        assertEquals(0, r.payload().asByteArray().length);
        // nothing ran: no environment, so no log stream in the function's group
        String group = TestServer.logGroup(lambda, "ThrowFunction");
        assertTrue(
                logs.describeLogStreams(b -> b.logGroupName(group)).logStreams().isEmpty());
        // DryRun still validates: unknown function → 404
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.invoke(b -> b.functionName("NoSuchFunction").invocationType(InvocationType.DRY_RUN)));
    }

    @Test
    @Order(3)
    void eventInvocationsAreLimitedTo1MBAndAnswerWithTheirRunsRequestId() throws Exception {
        HttpResponse<String> over = rawInvoke("EchoFunction", "Event", jsonOfSize(EVENT_LIMIT + 1));
        JsonNode body = assertError(over, 413, "RequestTooLargeException", "message");
        assertEquals(
                "Request must be smaller than 1048576 bytes for the InvokeFunction operation",
                body.get("message").asText());

        // exactly 1 MB is accepted (256 KB was the old quota); ClientContext is accepted but not passed on for Event
        String cc = Base64.getEncoder().encodeToString("{\"custom\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8));
        InvokeResponse r = lambda.invoke(b -> b.functionName("EchoFunction")
                .invocationType(InvocationType.EVENT)
                .clientContext(cc)
                .payload(SdkBytes.fromByteArray(jsonOfSize(EVENT_LIMIT))));
        assertEquals(202, r.statusCode());
        String id = r.responseMetadata().requestId();
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);

        // the id the 202 named is the one the run logs under: its REPORT line shows up (bounded wait: cold start)
        String group = TestServer.logGroup(lambda, "EchoFunction");
        List<FilteredLogEvent> report = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (report.isEmpty() && System.nanoTime() < deadline) {
            report = filter(group, "\"REPORT RequestId: " + id + "\"");
            if (report.isEmpty()) {
                Thread.sleep(250);
            }
        }
        assertEquals(1, report.size(), "REPORT of the Event invocation " + id);
        assertEquals(1, filter(group, "\"START RequestId: " + id + "\"").size());
        assertEquals(
                1,
                filter(group, "\"echo handled " + id + "\"").size(),
                () -> "the function saw the same id: "
                        + filter(group, "").stream()
                                .map(FilteredLogEvent::message)
                                .toList());

        // the same line through a %regex% filter pattern (CloudWatch's subset: \s for spaces, no parentheses)
        assertEquals(1, filter(group, "%^REPORT\\sRequestId:\\s" + id + "\\s%").size());
        InvalidParameterException bad =
                assertThrows(InvalidParameterException.class, () -> filter(group, "%(REPORT)%"));
        assertTrue(
                bad.awsErrorDetails().errorMessage().startsWith("Invalid filter pattern"),
                bad.awsErrorDetails().errorMessage());
    }

    @Test
    @Order(4)
    void errorBodiesUseTheModelsMemberNames() throws Exception {
        // ResourceNotFoundException: "Message" (capital M) in the model
        HttpResponse<String> notFound = raw("GET", "/2015-03-31/functions/NoSuchFunction", null);
        JsonNode nf = assertError(notFound, 404, "ResourceNotFoundException", "Message");
        assertEquals(
                "Function not found: arn:aws:lambda:us-east-1:000000000000:function:NoSuchFunction",
                nf.get("Message").asText());
        ResourceNotFoundException sdk = assertThrows(
                ResourceNotFoundException.class, () -> lambda.getFunction(b -> b.functionName("NoSuchFunction")));
        assertEquals(nf.get("Message").asText(), sdk.awsErrorDetails().errorMessage());
        assertEquals(404, sdk.statusCode());
        assertError(
                raw("GET", "/2015-03-31/functions/EchoFunction?Qualifier=99", null),
                404,
                "ResourceNotFoundException",
                "Message");

        // InvalidParameterValueException and PreconditionFailedException: "message"
        JsonNode ipv = assertError(
                raw("PUT", "/2015-03-31/functions/EchoFunction/configuration", "{\"MemorySize\":1}"),
                400,
                "InvalidParameterValueException",
                "message");
        assertTrue(ipv.get("message").asText().contains("MemorySize"), ipv.toString());
        assertError(
                raw(
                        "PUT",
                        "/2015-03-31/functions/EchoFunction/configuration",
                        "{\"RevisionId\":\"nope\",\"Timeout\":5}"),
                412,
                "PreconditionFailedException",
                "message");
        // InvalidRequestContentException: "message"
        assertError(
                rawInvoke("EchoFunction", null, "{not json".getBytes(StandardCharsets.UTF_8)),
                400,
                "InvalidRequestContentException",
                "message");
    }

    @Test
    @Order(5)
    void reservedEnvironmentKeysAreRefusedAndTheConfigurationStays() throws Exception {
        GetFunctionConfigurationResponse before = lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"));
        Cli c = cli(
                "lambda",
                "update-function-configuration",
                "--function-name",
                "EchoFunction",
                "--environment",
                "Variables={AWS_REGION=eu-west-1,KIT_EXTRA=1}");
        assertEquals(255, c.exitCode(), c.stdout() + c.stderr());
        assertTrue(c.stderr().contains("(InvalidParameterValueException)"), c.stderr());
        assertTrue(
                c.stderr()
                        .contains("Lambda was unable to configure your environment variables because the environment "
                                + "variables you have provided contains reserved keys that are currently not supported for modification. "
                                + "Reserved keys used in this request: AWS_REGION"),
                c.stderr());

        GetFunctionConfigurationResponse after = lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"));
        assertEquals(before.revisionId(), after.revisionId(), "nothing applied");
        Map<String, String> env = after.environment().variables();
        assertEquals(before.environment().variables(), env);
        assertFalse(env.containsKey("AWS_REGION") || env.containsKey("KIT_EXTRA"), env.toString());
    }

    @Test
    @Order(6)
    void throttlesCarryMessageReasonAndType() throws Exception {
        // more concurrent invocations of one function than --max-environments: the surplus gets 429 at once
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < MAX_ENVIRONMENTS + 2; i++) {
            HttpRequest req = HttpRequest.newBuilder(
                            URI.create(endpoint + "/2015-03-31/functions/SleepFunction/invocations"))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", TestServer.AUTHORIZATION)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ms\":1500}"))
                    .build();
            calls.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        int throttled = 0;
        for (CompletableFuture<HttpResponse<String>> f : calls) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) {
                continue;
            }
            throttled++;
            JsonNode body = assertError(r, 429, "TooManyRequestsException", "message");
            assertEquals(
                    "ConcurrentInvocationLimitExceeded", body.path("Reason").asText(), r.body());
            assertTrue(
                    r.headers().firstValue("Retry-After").isPresent(),
                    r.headers().map().toString());
        }
        assertTrue(throttled >= 2, "throttled " + throttled);
    }

    @Test
    @Order(7)
    void bodiesFarOverTheLimitAreReadToTheEndAndAnswered413() throws Exception {
        String invoke = "/2015-03-31/functions/EchoFunction/invocations";
        String invokeMessage = "Request must be smaller than 6291456 bytes for the InvokeFunction operation";
        for (long mb : new long[] {20, 50}) {
            long size = mb * 1024 * 1024;
            // HttpURLConnection with a fixed length: the whole body goes out, then the 413 is read (was: a reset)
            Streamed s = streamed("POST", invoke, Map.of(), size);
            assertEquals(413, s.status(), mb + " MB: " + s.body());
            assertEquals("RequestTooLargeException", s.errorType(), mb + " MB");
            assertEquals("User", s.body().path("Type").asText(), s.body().toString());
            assertEquals(
                    invokeMessage, s.body().path("message").asText(), s.body().toString());

            // java.net.http, fixed length too (a publisher with a known length, not chunked)
            HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint + invoke))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", TestServer.AUTHORIZATION)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> xs(size)), size))
                    .build();
            JsonNode body = assertError(
                    http.send(req, HttpResponse.BodyHandlers.ofString()), 413, "RequestTooLargeException", "message");
            assertEquals(invokeMessage, body.get("message").asText());
        }
        // the SDK (UrlConnection client) reads it as its modelled exception
        RequestTooLargeException sdk = assertThrows(
                RequestTooLargeException.class,
                () -> lambda.invoke(b ->
                        b.functionName("EchoFunction").payload(SdkBytes.fromByteArray(jsonOfSize(20 * 1024 * 1024)))));
        assertEquals(413, sdk.statusCode());
        assertEquals(invokeMessage, sdk.awsErrorDetails().errorMessage());

        // the other calls' 1 MB cap: a Lambda call and a Logs call of 20 MB are answered in their own shapes
        long size = 20L * 1024 * 1024;
        Streamed update = streamed("PUT", "/2015-03-31/functions/EchoFunction/configuration", Map.of(), size);
        assertEquals(413, update.status(), update.body().toString());
        assertEquals("RequestTooLargeException", update.errorType());
        assertEquals(
                "Request must be smaller than 1048576 bytes",
                update.body().path("message").asText(),
                update.body().toString());
        Map<String, String> logsCall = new HashMap<>();
        logsCall.put("X-Amz-Target", "Logs_20140328.FilterLogEvents");
        logsCall.put("Content-Type", "application/x-amz-json-1.1");
        Streamed filter = streamed("POST", "/", logsCall, size);
        assertEquals(413, filter.status(), filter.body().toString());
        assertEquals(
                "RequestEntityTooLargeException",
                filter.body().path("__type").asText(),
                filter.body().toString());
        assertEquals(
                "Request must be smaller than 1048576 bytes",
                filter.body().path("message").asText(),
                filter.body().toString());
        // and the server goes on serving
        assertEquals(200, lambda.listFunctions().sdkHttpResponse().statusCode());
    }

    @Test
    @Order(99)
    void idleEnvironmentsAreReapedAndTheNextCallIsCold() throws Exception {
        var first = lambda.invoke(
                b -> b.functionName("EchoFunction").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
        assertNull(first.functionError());
        // the reaper looks every 5 s for environments idle longer than --idle-timeout (IDLE_SECONDS here)
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int environments;
        do {
            Thread.sleep(500);
            environments = Json.MAPPER
                    .readTree(URI.create(endpoint + "/_local/info").toURL())
                    .get("environments")
                    .asInt();
        } while (environments > 0 && System.nanoTime() < until);
        assertEquals(0, environments, "idle environments are reaped after " + IDLE_SECONDS + " s");
        var next = lambda.invoke(
                b -> b.functionName("EchoFunction").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
        String tail = new String(Base64.getDecoder().decode(next.logResult()), StandardCharsets.UTF_8);
        assertTrue(
                tail.lines().anyMatch(l -> l.startsWith("REPORT ") && l.contains("Init Duration")),
                "cold again: " + tail);
    }
}
