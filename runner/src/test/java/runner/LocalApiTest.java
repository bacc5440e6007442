package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local Lambda's client against a stub server: each operation's request, its answer, and its failures. */
class LocalApiTest {
    /** The shape the local Lambda's RequestGuard admits (its SIGV4 pattern). */
    private static final Pattern SIGV4 = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=[^,\\s]+,\\s*SignedHeaders=[^,\\s]+,\\s*Signature=[0-9a-fA-F]+\\s*");

    private final StubServer stub = newStub();
    private final List<Long> slept = new ArrayList<>();
    private final LocalApi api = new LocalApi(
            new LocalHttp(URI.create(stub.endpoint()), slept::add, () -> 0.5), slept::add);

    @TempDir
    Path dir;

    private static StubServer newStub() {
        try {
            return new StubServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    private void assertSigned(StubServer.Request r) {
        assertTrue(SIGV4.matcher(r.header("Authorization")).matches(), r.header("Authorization"));
        assertEquals("127.0.0.1:" + stub.port(), r.header("Host"));
        assertNull(r.header("Origin"));
    }

    @Test
    void invokeSendsTheEventWithLogTypeTailAndGivesWhatTheCliPrinted() throws Exception {
        String log = "START RequestId: r1\n" + LogsTest.text("r1", true) + "\n";
        stub.then(
                200,
                "{\"errorMessage\":\"boom\"}",
                "X-Amz-Log-Result",
                Base64.getEncoder().encodeToString(log.getBytes(StandardCharsets.UTF_8)),
                "X-Amz-Function-Error",
                "Unhandled",
                "X-Amz-Executed-Version",
                "3");
        Path event = Files.writeString(dir.resolve("e.json"), "{\"n\": 1}");
        Invocation inv = Invocation.of(api, dir, "Fn One", event, "3", false);

        StubServer.Request r = stub.request(0);
        assertEquals("POST", r.method());
        assertEquals("/2015-03-31/functions/Fn%20One/invocations?Qualifier=3", r.uri());
        assertEquals("RequestResponse", r.header("X-Amz-Invocation-Type"));
        assertEquals("Tail", r.header("X-Amz-Log-Type"));
        assertEquals("{\"n\": 1}", r.body());
        assertSigned(r);
        assertEquals(new Invocation(true, null, 200, "Unhandled", "{\"errorMessage\":\"boom\"}", log), inv);
        assertFalse(Files.exists(dir.resolve(".out.json")), "the body's scratch file goes");
    }

    @Test
    void invokeOfLatestNamesNoQualifierAndAnAnswerWithoutLogIsKeptAsIs() throws Exception {
        stub.then(200, "", "X-Amz-Executed-Version", "$LATEST");
        Path event = Files.writeString(dir.resolve("e.json"), "{}");
        Invocation inv = Invocation.of(api, dir, "F", event, "", true);
        assertEquals("/2015-03-31/functions/F/invocations", stub.request(0).uri());
        assertEquals(new Invocation(true, null, 200, null, "", ""), inv);
    }

    @Test
    void aLambdaErrorBecomesTheCliErrorLineWithoutRetrying() throws Exception {
        stub.thenLambdaError(
                404,
                "ResourceNotFoundException",
                "Message",
                "Function not found: arn:aws:lambda:us-east-1:000000000000:function:Nope");
        Path event = Files.writeString(dir.resolve("e.json"), "{}");
        Invocation inv = Invocation.of(api, dir, "Nope", event, "", false);
        assertFalse(inv.reached());
        assertEquals(
                "An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found:"
                        + " arn:aws:lambda:us-east-1:000000000000:function:Nope",
                inv.callError());
        assertEquals(1, stub.requests.size());
        assertEquals(List.of(), slept);
    }

    @Test
    void throttlingAndServerErrorsAreTriedFiveTimesWithTheCliBackoff() {
        for (int i = 0; i < 5; i++) {
            stub.then(
                    429,
                    "{\"Type\":\"User\",\"message\":\"Rate Exceeded.\",\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"}",
                    "x-amzn-ErrorType",
                    "TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.lambda/");
        }
        Api.Reply r = api.publishVersion("F");
        assertEquals(
                "An error occurred (TooManyRequestsException) when calling the PublishVersion operation (reached max"
                        + " retries: 4): Rate Exceeded.",
                r.error());
        assertEquals(5, stub.requests.size());
        assertEquals(List.of(500L, 1000L, 2000L, 4000L), slept);

        slept.clear();
        stub.thenLambdaError(502, "ResourceNotReadyException", "message", "not built")
                .then(201, "{\"FunctionName\":\"F\",\"Version\":\"5\"}");
        assertEquals(Api.Reply.ok("5"), api.publishVersion("F"));
        assertEquals(List.of(500L), slept);
        StubServer.Request p = stub.request(6);
        assertEquals("POST", p.method());
        assertEquals("/2015-03-31/functions/F/versions", p.uri());
    }

    @Test
    void anAnswerThatIsNotJsonIsNamedByItsStatus() {
        stub.then(400, "<html>bad</html>");
        assertEquals(
                "An error occurred (400) when calling the GetFunctionConfiguration operation: ",
                api.getFunctionConfiguration("F").error());
    }

    @Test
    void listFunctionsMergesEveryPage() throws Exception {
        stub.then(200, "{\"Functions\":[{\"FunctionName\":\"A\"}],\"NextMarker\":\"B\"}")
                .then(200, "{\"Functions\":[{\"FunctionName\":\"B\"}]}");
        Api.Reply r = api.listFunctions();
        assertEquals("{\"Functions\":[{\"FunctionName\":\"A\"},{\"FunctionName\":\"B\"}]}", r.out());
        assertEquals("/2015-03-31/functions/", stub.request(0).uri());
        assertEquals("/2015-03-31/functions/?Marker=B", stub.request(1).uri());
        assertEquals("GET", stub.request(1).method());
        assertSigned(stub.request(1));
    }

    @Test
    void updateFunctionConfigurationPutsTheEnvironmentFileAndTheMemory() throws Exception {
        Path env = Files.writeString(dir.resolve(".env.json"), "{\"Variables\":{\"K\":\"v\"}}\n");
        stub.then(200, "{\"FunctionName\":\"F\",\"LastUpdateStatus\":\"Successful\"}")
                .then(200, "{}");
        Api.Reply r = api.updateFunctionConfiguration("F", null, env);
        assertEquals("Successful", r.json().path("LastUpdateStatus").asText());
        assertEquals("PUT", stub.request(0).method());
        assertEquals("/2015-03-31/functions/F/configuration", stub.request(0).uri());
        assertEquals("{\"Environment\":{\"Variables\":{\"K\":\"v\"}}}", stub.request(0).body());
        api.updateFunctionConfiguration("F", 512, env);
        assertEquals("{\"MemorySize\":512,\"Environment\":{\"Variables\":{\"K\":\"v\"}}}", stub.request(1).body());
        assertFalse(api.updateFunctionConfiguration("F", 1, dir.resolve("missing.json")).ok());
        assertEquals(2, stub.requests.size(), "an unreadable environment file sends nothing");
    }

    @Test
    void getConfigurationAndDeleteVersion() throws Exception {
        stub.then(200, "{\"FunctionName\":\"F\",\"MemorySize\":256}").then(204, "");
        assertEquals(256, api.getFunctionConfiguration("F").json().path("MemorySize").asInt());
        assertEquals("/2015-03-31/functions/F/configuration", stub.request(0).uri());
        assertTrue(api.deleteVersion("F", "7").ok());
        assertEquals("DELETE", stub.request(1).method());
        assertEquals("/2015-03-31/functions/F?Qualifier=7", stub.request(1).uri());
    }

    @Test
    void waitersPollUntilTheStateAndSayWhyTheyFailed() {
        stub.then(200, "{\"LastUpdateStatus\":\"InProgress\"}").then(200, "{\"LastUpdateStatus\":\"Successful\"}");
        assertTrue(api.waitUpdated("F").ok());
        assertEquals(List.of(5000L), slept);
        assertEquals("/2015-03-31/functions/F/configuration", stub.request(1).uri());

        stub.then(200, "{\"LastUpdateStatus\":\"Failed\"}");
        assertEquals(
                "Waiter FunctionUpdated failed: Waiter encountered a terminal failure state: For expression"
                        + " \"LastUpdateStatus\" we matched expected path: \"Failed\"",
                api.waitUpdated("F").error());

        stub.thenLambdaError(404, "ResourceNotFoundException", "Message", "Function not found: F");
        assertEquals(
                "Waiter FunctionUpdated failed: An error occurred (ResourceNotFoundException): Function not found: F",
                api.waitUpdated("F").error());

        slept.clear();
        stub.then(200, "{\"Configuration\":{\"State\":\"Pending\"}}")
                .then(200, "{\"Configuration\":{\"State\":\"Active\"}}");
        assertTrue(api.waitActive("F", "3").ok());
        assertEquals("/2015-03-31/functions/F?Qualifier=3", stub.request(5).uri());
        assertEquals(List.of(1000L), slept);
    }

    @Test
    void filterLogEventsSendsTheLogsTargetAndMergesEveryPage() throws Exception {
        stub.then(
                        200,
                        "{\"events\":[{\"logStreamName\":\"s\",\"message\":\"a\"}],"
                                + "\"searchedLogStreams\":[{\"logStreamName\":\"s\"}],\"nextToken\":\"7\"}")
                .then(200, "{\"events\":[{\"logStreamName\":\"t\",\"message\":\"b\"}],\"searchedLogStreams\":[]}");
        Api.Reply r = api.filterLogEvents("/aws/lambda/F", 1000, "?REPORT ?INIT_REPORT");
        assertEquals(
                "{\"events\":[{\"logStreamName\":\"s\",\"message\":\"a\"},{\"logStreamName\":\"t\",\"message\":\"b\"}],"
                        + "\"searchedLogStreams\":[{\"logStreamName\":\"s\"}]}",
                r.out());
        StubServer.Request first = stub.request(0);
        assertEquals("POST", first.method());
        assertEquals("/", first.uri());
        assertEquals("Logs_20140328.FilterLogEvents", first.header("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", first.header("Content-Type"));
        assertTrue(first.header("Authorization").contains("/logs/aws4_request"), first.header("Authorization"));
        assertSigned(first);
        assertEquals(
                "{\"logGroupName\":\"/aws/lambda/F\",\"startTime\":1000,\"filterPattern\":\"?REPORT ?INIT_REPORT\"}",
                first.body());
        JsonNode second = Json.MAPPER.readTree(stub.request(1).body());
        assertEquals("7", second.path("nextToken").asText());
    }

    @Test
    void aLogsErrorIsReadFromItsType() {
        stub.then(
                400,
                "{\"__type\":\"com.amazonaws.logs#ResourceNotFoundException\","
                        + "\"message\":\"The specified log group does not exist.\"}");
        assertEquals(
                "An error occurred (ResourceNotFoundException) when calling the FilterLogEvents operation: The"
                        + " specified log group does not exist.",
                api.filterLogEvents("g", 0, "p").error());
    }

    @Test
    void stopEndsTheCallInFlightAndRefusesTheNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        stub.then(new StubServer.Answer(200, Map.of(), "{}", () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Thread stopper = new Thread(() -> {
            try {
                stub.next();
                api.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        Path event = Files.writeString(dir.resolve("e.json"), "{}");
        long start = System.nanoTime();
        assertThrows(Api.Stopped.class, () -> api.invoke("F", event, "", true, dir.resolve("out")));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "ended at once, not when the answer came");
        release.countDown();
        stopper.join();
        assertTrue(api.stopped());
        assertThrows(Api.Stopped.class, api::listFunctions);
        assertEquals(1, stub.requests.size());
    }

    @Test
    void aServerThatIsNotThereIsTriedFiveTimes() {
        int port = stub.port();
        stub.close();
        LocalApi gone = new LocalApi(new LocalHttp(URI.create("http://127.0.0.1:" + port), slept::add, () -> 0.5));
        assertEquals(
                "Could not connect to the endpoint URL: \"http://127.0.0.1:" + port + "/2015-03-31/functions/\"",
                gone.listFunctions().error());
        assertEquals(4, slept.size());
    }
}
