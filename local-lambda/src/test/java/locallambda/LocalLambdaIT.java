package locallambda;

import static locallambda.ReportLines.figure;
import static locallambda.ReportLines.reportLine;
import static locallambda.ReportLines.tail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import locallambda.common.Json;
import locallambda.sandbox.Cgroups;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Starts the local Lambda on a free port with src/test/resources/template.yaml (fixture function) and drives it with the
 * real `aws` CLI and the AWS SDK v2. After every test: the server still serves and every invocation has its REPORT line
 * in CloudWatch Logs (FilterLogEvents).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalLambdaIT {
    private static final int MAX_ENVIRONMENTS = 3;
    private static Main server;
    private static String endpoint;
    private static LambdaClient lambda;
    private static CloudWatchLogsClient logs;
    private static Path work;
    /** request id → log group, of every invocation made, to check their REPORT lines. */
    private static final Map<String, String> invoked = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        work = Files.createDirectories(Paths.get("target/it"));
        TestServer t = TestServer.start("target/it/state", MAX_ENVIRONMENTS, 600);
        server = t.server();
        endpoint = t.endpoint();
        lambda = t.lambda();
        logs = t.logs();
    }

    @AfterAll
    static void stop() throws IOException {
        // this server's environments, by the ids their log streams end with: other servers on the host (another test
        // run, a workshop) have private /tmp folders of their own, which are not this server's to remove
        List<String> environments = new ArrayList<>();
        for (var g : logs.describeLogGroupsPaginator().logGroups()) {
            for (var st : logs.describeLogStreamsPaginator(b -> b.logGroupName(g.logGroupName()))
                    .logStreams()) {
                environments.add(st.logStreamName().substring(st.logStreamName().indexOf(']') + 1));
            }
        }
        assertFalse(environments.isEmpty(), "no environment ran");
        TestServer.stop(server, lambda, logs);
        // nothing left: no child JVM of ours, no cgroup
        assertEquals(0, TestServer.runtimeChildren(), "child JVMs left running");
        String group = "local-lambda-" + ProcessHandle.current().pid();
        for (String root :
                List.of("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/memory", "/sys/fs/cgroup", "/sys/fs/cgroup/unified")) {
            assertFalse(Files.exists(Paths.get(root, group)), "cgroup left in " + root);
            assertFalse(
                    Files.exists(Paths.get(
                            root,
                            Cgroups.keeperGroupName(ProcessHandle.current().pid()))),
                    "CPU keeper's group left in " + root);
        }
        try (var s = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            assertEquals(
                    List.of(),
                    s.filter(p -> environments.stream()
                                    .anyMatch(id -> p.getFileName().toString().startsWith("local-lambda-tmp-" + id)))
                            .toList(),
                    "private /tmp folders left");
        }
    }

    @AfterEach
    void serverStillServesAndNoReportIsMissing() {
        assertTrue(lambda.listFunctions().functions().size() >= 8);
        for (Map.Entry<String, String> e : invoked.entrySet()) {
            List<FilteredLogEvent> events = logs.filterLogEvents(
                            r -> r.logGroupName(e.getValue()).filterPattern("\"REPORT RequestId: " + e.getKey() + "\""))
                    .events();
            assertEquals(1, events.size(), "REPORT line of " + e.getKey() + " in " + e.getValue());
        }
    }

    // ---- helpers

    record CliResult(int exitCode, JsonNode meta, String payload, String tail, String stderr) {}

    /** `aws lambda invoke --payload fileb://... --log-type Tail out.json` with dummy credentials. */
    static CliResult cliInvoke(String function, String payload) throws Exception {
        Path event = Files.createTempFile(work, "event", ".json");
        Files.writeString(event, payload);
        Path out = work.resolve("out-" + System.nanoTime() + ".json");
        ProcessBuilder pb = new ProcessBuilder(
                "aws",
                "--endpoint-url",
                endpoint,
                "lambda",
                "invoke",
                "--function-name",
                function,
                "--payload",
                "fileb://" + event.toAbsolutePath(),
                "--log-type",
                "Tail",
                "--cli-read-timeout",
                "120",
                out.toAbsolutePath().toString());
        cliEnv(pb);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        JsonNode meta = stdout.isBlank() ? null : Json.MAPPER.readTree(stdout);
        String tail = meta != null && meta.has("LogResult")
                ? new String(Base64.getDecoder().decode(meta.get("LogResult").asText()), StandardCharsets.UTF_8)
                : "";
        String body = Files.exists(out) ? Files.readString(out) : null;
        expectReport(function, tail);
        return new CliResult(code, meta, body, tail, stderr);
    }

    /** The CLI exits with 255 and names the error code: the local Lambda refused the call before any invocation. */
    static void assertCliRefuses(String function, String payload, String errorCode) throws Exception {
        CliResult r = cliInvoke(function, payload);
        assertEquals(255, r.exitCode());
        assertTrue(r.stderr().contains(errorCode), r.stderr());
    }

    /** The error document of an invocation the CLI saw fail as FunctionError Unhandled. */
    static JsonNode unhandledError(CliResult r) throws IOException {
        assertEquals("Unhandled", r.meta().get("FunctionError").asText());
        return Json.MAPPER.readTree(r.payload());
    }

    /** The error document of an invocation the SDK saw fail as FunctionError Unhandled. */
    static JsonNode unhandledError(InvokeResponse r) throws IOException {
        assertEquals("Unhandled", r.functionError());
        return Json.MAPPER.readTree(r.payload().asUtf8String());
    }

    static String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        cliEnv(pb);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        return code + "\n" + out;
    }

    /** `aws lambda invoke --qualifier version` of a published version, without the Tail: its exit code and output. */
    static String cliInvokeVersion(String function, String version, Path event, String outFile) throws Exception {
        return cli(
                "lambda",
                "invoke",
                "--function-name",
                function,
                "--qualifier",
                version,
                "--payload",
                "fileb://" + event,
                work.resolve(outFile).toString());
    }

    /** Notes the invocation whose START line is in the tail, so that its REPORT line is looked for after the test. */
    private static void expectReport(String function, String tail) {
        Matcher m = Pattern.compile("START RequestId: (\\S+)").matcher(tail);
        if (m.find()) {
            invoked.put(m.group(1), TestServer.logGroup(lambda, function));
        }
    }

    private static void cliEnv(ProcessBuilder pb) {
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        pb.environment().remove("AWS_PROFILE");
    }

    static InvokeResponse sdkInvoke(String function, String payload) {
        InvokeResponse r = lambda.invoke(
                b -> b.functionName(function).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
        expectReport(function, tail(r));
        return r;
    }

    // ---- tests

    @Test
    @Order(1)
    void coldThenWarmWithTheCli() throws Exception {
        CliResult cold = cliInvoke("EchoFunction", "{\"a\":1}");
        assertEquals(0, cold.exitCode(), cold.stderr());
        assertEquals(200, cold.meta().get("StatusCode").asInt());
        assertNull(cold.meta().get("FunctionError"));
        String r1 = reportLine(cold.tail());
        assertTrue(
                r1.matches(
                        "REPORT RequestId: \\S+\tDuration: \\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\tMemory Size: 1024 MB\t"
                                + "Max Memory Used: \\d+ MB\tInit Duration: \\d+\\.\\d\\d ms\t"),
                r1);
        assertTrue(cold.tail().contains("echo handled "), cold.tail());
        JsonNode body = Json.MAPPER.readTree(cold.payload());
        assertEquals(1, body.at("/event/a").asInt());
        assertEquals("EchoFunction", body.get("functionName").asText());
        assertEquals("hello from local in us-east-1", body.at("/env/GREETING").asText());
        assertEquals(
                "/aws/lambda/local/EchoFunction",
                body.at("/env/AWS_LAMBDA_LOG_GROUP_NAME").asText());
        assertTrue(body.at("/env/AWS_LAMBDA_LOG_STREAM_NAME")
                .asText()
                .matches("\\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST][0-9a-f]{32}"));
        assertEquals(":UTC", body.at("/env/TZ").asText());
        assertEquals(
                Math.min(2, Runtime.getRuntime().availableProcessors()),
                body.get("cores").asInt());
        String args = body.get("inputArguments").toString();
        assertTrue(
                args.contains("-XX:MaxHeapSize=870m")
                        && args.contains("-XX:+UseSerialGC")
                        && args.contains("-XX:TieredStopAtLevel=1"),
                args);
        // the runtime's CDS archive (the managed runtime starts with -Xshare:on and one): built at start, given to the
        // JVM,
        // and accepted silently (a refused archive prints [cds] lines into the function's log)
        String archive = Json.MAPPER
                .readTree(URI.create(endpoint + "/_local/info").toURL())
                .at("/jdks/java25/runtimeArchive")
                .asText();
        assertTrue(Files.isRegularFile(Paths.get(archive)), archive);
        assertTrue(args.contains("-XX:SharedArchiveFile=" + archive), args);
        assertFalse(cold.tail().contains("[cds]") || cold.tail().contains("WARNING"), cold.tail());
        // nor in the init part of the stream (what the JVM prints before START is in the log group, not in the Tail)
        List<String> initLines =
                logs.filterLogEvents(f -> f.logGroupName("/aws/lambda/local/EchoFunction")).events().stream()
                        .map(FilteredLogEvent::message)
                        .filter(m -> m.contains("[cds]") || m.startsWith("WARNING"))
                        .collect(Collectors.toList());
        assertEquals(List.of(), initLines);

        CliResult warm = cliInvoke("EchoFunction", "{\"a\":2}");
        String r2 = reportLine(warm.tail());
        assertFalse(r2.contains("Init Duration"), r2);
        assertTrue(r2.endsWith(" MB\t"), r2);
        assertEquals(
                body.get("loadedNanos").asLong(),
                Json.MAPPER.readTree(warm.payload()).get("loadedNanos").asLong(),
                "same environment");
        // billing: cold = ceil(duration + init), warm = ceil(duration), of the exact durations: the printed ones are
        // rounded to 0.01 ms, so "Duration: 3.00 ms" may come with "Billed Duration: 4 ms" (3.004 ms, billed up)
        double d1 = figure(r1, "Duration"), i1 = figure(r1, "Init Duration"), d2 = figure(r2, "Duration");
        assertEquals(Math.ceil(d1 + i1), figure(r1, "Billed Duration"), 1.0);
        assertEquals(Math.ceil(d2), figure(r2, "Billed Duration"), 1.0);
        assertTrue(figure(r2, "Billed Duration") >= d2, r2);
    }

    @Test
    @Order(2)
    void updateFunctionConfigurationForcesAColdStart() throws Exception {
        sdkInvoke("EchoFunction", "{}"); // warm environment exists
        var c = lambda.updateFunctionConfiguration(
                b -> b.functionName("EchoFunction").memorySize(1536));
        assertEquals(1536, c.memorySize());
        assertEquals("Successful", c.lastUpdateStatusAsString());
        String waited = cli("lambda", "wait", "function-updated", "--function-name", "EchoFunction");
        assertTrue(waited.startsWith("0"), waited);
        InvokeResponse r = sdkInvoke("EchoFunction", "{}");
        String report = reportLine(tail(r));
        assertTrue(report.contains("Init Duration: "), report);
        assertTrue(report.contains("Memory Size: 1536 MB"), report);
        assertEquals(
                1536,
                lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"))
                        .memorySize());
        lambda.updateFunctionConfiguration(b -> b.functionName("EchoFunction").memorySize(1024));
    }

    @Test
    @Order(2)
    void publishedVersionsCanBeInvokedAndDeleted() throws Exception {
        // what the runner does for a SnapStart cold start on AWS: publish, wait, invoke the version, delete it
        String published = cli(
                "lambda",
                "publish-version",
                "--function-name",
                "EchoFunction",
                "--query",
                "Version",
                "--output",
                "text");
        assertTrue(published.startsWith("0\n"), published);
        String version = published.substring(2).strip();
        assertEquals("2", version, "version 1 is the one AutoPublishAlias made");
        String active =
                cli("lambda", "wait", "function-active-v2", "--function-name", "EchoFunction", "--qualifier", version);
        assertTrue(active.startsWith("0"), active);
        Path event = Files.writeString(work.resolve("v.json"), "{}");
        String invoked = cliInvokeVersion("EchoFunction", version, event, "v-out.json");
        assertTrue(invoked.startsWith("0") && invoked.contains("\"ExecutedVersion\": \"2\""), invoked);
        // a version is a frozen configuration with environments of its own: $LATEST's later changes do not reach it
        int latestMemory = lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"))
                .memorySize();
        lambda.updateFunctionConfiguration(b -> b.functionName("EchoFunction").memorySize(latestMemory + 64));
        InvokeResponse v = lambda.invoke(b -> b.functionName("EchoFunction")
                .qualifier(version)
                .logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{}")));
        JsonNode vb = Json.MAPPER.readTree(v.payload().asUtf8String());
        assertEquals(latestMemory, vb.get("memory").asInt(), "the version kept the memory it was published with");
        assertEquals(version, vb.get("functionVersion").asText());
        assertTrue(vb.get("invokedArn").asText().endsWith(":function:EchoFunction:" + version), vb.toString());
        assertTrue(vb.at("/env/AWS_LAMBDA_LOG_STREAM_NAME").asText().contains("/[" + version + "]"), vb.toString());
        assertTrue(
                tail(v).startsWith("START RequestId: " + vb.get("requestId").asText() + " Version: " + version),
                tail(v));
        LocalLambdaIT.invoked.put(vb.get("requestId").asText(), TestServer.logGroup(lambda, "EchoFunction"));
        assertEquals(
                version,
                lambda.getFunctionConfiguration(
                                b -> b.functionName("EchoFunction").qualifier(version))
                        .version());
        lambda.updateFunctionConfiguration(b -> b.functionName("EchoFunction").memorySize(latestMemory));
        String deleted = cli("lambda", "delete-function", "--function-name", "EchoFunction", "--qualifier", version);
        assertTrue(deleted.startsWith("0"), deleted);
        String gone = cliInvokeVersion("EchoFunction", version, event, "v-out2.json");
        assertTrue(gone.contains("ResourceNotFoundException"), gone);
        String latest = cli("lambda", "delete-function", "--function-name", "EchoFunction");
        assertTrue(
                latest.contains("InvalidParameterValueException"), "the template's function itself stays: " + latest);
    }

    @Test
    @Order(3)
    void functionErrorIsUnhandledWithTheErrorJson() throws Exception {
        CliResult r = cliInvoke("ThrowFunction", "{}");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode err = unhandledError(r);
        assertEquals("java.lang.IllegalArgumentException", err.get("errorType").asText());
        assertTrue(err.get("errorMessage").asText().contains("between 1 and 10"));
        assertFalse(reportLine(r.tail()).contains("Status:"), "a handled function error is not a runtime failure");
    }

    @Test
    @Order(4)
    void timeoutKillsTheEnvironment() throws Exception {
        CliResult r = cliInvoke("SleepFunction", "{\"ms\":5000}");
        JsonNode err = unhandledError(r);
        assertTrue(
                err.get("errorMessage")
                        .asText()
                        .matches("RequestId: \\S+ Error: Task timed out after 2\\.\\d\\d seconds"),
                err.toString());
        assertEquals("Sandbox.Timedout", err.get("errorType").asText());
        assertTrue(
                r.tail().lines().anyMatch(l -> l.matches("\\S+Z \\S+ Task timed out after 2\\.\\d\\d seconds")),
                r.tail());
        String report = reportLine(r.tail());
        assertTrue(report.endsWith("\tStatus: timeout"), report);
        assertTrue(report.contains("Duration: 2000.00 ms"), report);
        CliResult next = cliInvoke("SleepFunction", "{\"ms\":10}");
        assertTrue(reportLine(next.tail()).contains("Init Duration"), "next call is cold: " + next.tail());
        assertEquals("\"slept 10\"", next.payload());
    }

    @Test
    @Order(5)
    void outOfMemoryKillsTheEnvironmentAsLambdaReportsIt() throws Exception {
        InvokeResponse r = sdkInvoke("AllocateFunction", "{}");
        JsonNode err = unhandledError(r);
        assertEquals("Runtime.ExitError", err.get("errorType").asText());
        assertTrue(
                err.get("errorMessage").asText().endsWith("Error: Runtime exited with error: signal: killed"),
                err.toString());
        String report = reportLine(tail(r));
        // the caller sees Runtime.ExitError; the REPORT line names the cause, as Lambda's does
        assertTrue(report.endsWith("\tStatus: error\tError Type: Runtime.OutOfMemory"), report);
        assertTrue(report.contains("Memory Size: 256 MB"), report);
        InvokeResponse next = sdkInvoke("AllocateFunction", "{\"heap\":true}");
        assertTrue(reportLine(tail(next)).contains("Init Duration"), "next call is cold");
    }

    @Test
    @Order(6)
    void eachEnvironmentHasItsOwnTmp() throws Exception {
        String tmp = server.info().get("tmp").asText();
        assumeTrue(tmp.startsWith("private"), "this server shares the host's /tmp: " + tmp);
        Path hostMarker = Paths.get("/tmp/local-lambda-fixture-marker");
        Files.deleteIfExists(hostMarker);
        assertFalse(Json.MAPPER
                .readTree(sdkInvoke("TmpFunction", "{}").payload().asUtf8String())
                .get("existed")
                .asBoolean());
        assertTrue(
                Json.MAPPER
                        .readTree(sdkInvoke("TmpFunction", "{}").payload().asUtf8String())
                        .get("existed")
                        .asBoolean(),
                "a warm environment keeps its /tmp");
        assertFalse(Files.exists(hostMarker), "the function wrote into its own /tmp, not the host's");
        lambda.updateFunctionConfiguration(b -> b.functionName("TmpFunction").description("recycle"));
        assertFalse(
                Json.MAPPER
                        .readTree(sdkInvoke("TmpFunction", "{}").payload().asUtf8String())
                        .get("existed")
                        .asBoolean(),
                "a new environment starts with an empty /tmp");
    }

    @Test
    @Order(6)
    void initPastTenSecondsIsRetriedInsideTheInvoke() throws Exception {
        // init sleeps 10.5 s: Lambda stops it at 10 s (INIT_REPORT ... Status: timeout), then runs the init again
        // inside
        // the first invoke, bounded by the function timeout (15 s here); that init is in Duration, not Init Duration
        InvokeResponse r = sdkInvoke("SlowInitFunction", "{\"ms\":10}");
        assertNull(r.functionError(), r.payload().asUtf8String());
        assertEquals("\"slept 10\"", r.payload().asUtf8String());
        String report = reportLine(tail(r));
        assertFalse(report.contains("Init Duration"), report);
        assertTrue(figure(report, "Duration") >= 10_500, report);
        List<FilteredLogEvent> init = logs.filterLogEvents(
                        b -> b.logGroupName(TestServer.logGroup(lambda, "SlowInitFunction"))
                                .filterPattern("INIT_REPORT"))
                .events();
        assertEquals(1, init.size(), init.toString());
        assertTrue(
                init.get(0)
                        .message()
                        .matches("INIT_REPORT Init Duration: 10\\d{3}\\.\\d\\d ms\tPhase: init\tStatus: timeout"),
                init.get(0).message());
        InvokeResponse warm = sdkInvoke("SlowInitFunction", "{\"ms\":10}");
        assertTrue(figure(reportLine(tail(warm)), "Duration") < 5_000, "the retried init left a warm environment");
    }

    @Test
    @Order(6)
    void initFailureFailsTheInvocation() throws Exception {
        CliResult r = cliInvoke("InitFailureFunction", "{}");
        JsonNode err = unhandledError(r);
        assertTrue(err.get("errorType").asText().contains("ExceptionInInitializerError"), err.toString());
        String report = reportLine(r.tail());
        assertTrue(report.contains("Init Duration") && report.contains("Status: error\tError Type: Runtime."), report);
    }

    @Test
    @Order(7)
    void unknownFunctionIs404() throws Exception {
        assertThrows(ResourceNotFoundException.class, () -> lambda.invoke(b -> b.functionName("NoSuchFunction")));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(b -> b.functionName("NoSuchFunction")));
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.invoke(b -> b.functionName("EchoFunction").qualifier("nope")));
        assertCliRefuses("NoSuchFunction", "{}", "ResourceNotFoundException");
    }

    @Test
    @Order(8)
    void oversizedPayloadIs413AndBadJsonIs400() throws Exception {
        String big = "{\"x\":\"" + "a".repeat(6 * 1024 * 1024 + 100) + "\"}";
        assertThrows(
                RequestTooLargeException.class,
                () -> lambda.invoke(b -> b.functionName("EchoFunction").payload(SdkBytes.fromUtf8String(big))));
        assertCliRefuses("EchoFunction", "{not json", "InvalidRequestContentException");
    }

    @Test
    @Order(9)
    void oversizedResponseIsAFunctionError() throws Exception {
        InvokeResponse r = sdkInvoke("HugeFunction", "{}");
        JsonNode err = unhandledError(r);
        assertTrue(err.get("errorMessage")
                .asText()
                .startsWith("Response payload size exceeded maximum allowed payload size"));
        InvokeResponse ok = sdkInvoke("HugeFunction", "{\"bytes\":10}");
        assertNull(ok.functionError());
        assertFalse(reportLine(tail(ok)).contains("Init Duration"), "the environment survives a too large response");
    }

    @Test
    @Order(10)
    void concurrencyPastTheLimitIs429() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(MAX_ENVIRONMENTS + 2);
        List<Throwable> throttled = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < MAX_ENVIRONMENTS + 2; i++) {
                fs.add(pool.submit(() -> {
                    try {
                        InvokeResponse r = sdkInvoke("SleepFunction", "{\"ms\":1500}");
                        if (r.functionError() != null) {
                            failed.add(r.payload().asUtf8String() + "\n" + tail(r));
                        }
                    } catch (TooManyRequestsException e) {
                        throttled.add(e);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertFalse(throttled.isEmpty(), "some invocations are throttled past " + MAX_ENVIRONMENTS + " environments");
        assertEquals(429, ((TooManyRequestsException) throttled.get(0)).statusCode());
        assertTrue(((TooManyRequestsException) throttled.get(0)).reason() != null);
        // environments started together must not break each other (the RIC's shared /tmp JNI copy once made them crash)
        assertEquals(List.of(), failed);
    }

    @Test
    @Order(11)
    void logsApiServesLinesInOrderAndFilters() throws Exception {
        InvokeResponse r = sdkInvoke("PrintFunction", "{\"lines\":3}");
        String t = tail(r);
        String id = r.responseMetadata().requestId();
        List<String> lines = t.lines().collect(Collectors.toList());
        assertTrue(lines.get(0).startsWith("START RequestId: " + id), t);
        assertTrue(lines.contains("line 0 of " + id) && lines.contains("line 2 of " + id), t);
        assertTrue(lines.stream().anyMatch(l -> l.contains("stderr line of " + id)), t);
        assertTrue(lines.get(lines.size() - 2).startsWith("END RequestId: " + id), t);
        String group = "/aws/lambda/PrintFunction";
        var events = logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("?START ?END"))
                .events();
        assertFalse(events.isEmpty());
        assertTrue(events.stream()
                .allMatch(e -> e.message().contains("START") || e.message().contains("END")));
        var streams = logs.describeLogStreams(b -> b.logGroupName(group)).logStreams();
        assertFalse(streams.isEmpty());
        var got = logs.getLogEvents(b -> b.logGroupName(group)
                        .logStreamName(streams.get(0).logStreamName())
                        .startFromHead(true))
                .events();
        assertTrue(got.stream().anyMatch(e -> e.message().startsWith("REPORT RequestId: " + id)));
        assertTrue(logs.describeLogGroups(b -> b.logGroupNamePrefix("/aws/lambda/local/")).logGroups().stream()
                .anyMatch(g -> g.logGroupName().equals("/aws/lambda/local/EchoFunction")));
        var e = assertThrows(
                InvalidParameterException.class,
                () -> logs.filterLogEvents(
                        b -> b.logGroupName(group).filterPattern("{ $.type = \"platform.report\" }")));
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        // LambdaLogger records travel framed (telemetry descriptor), as on Lambda: one record = one event, newlines or
        // not
        List<String> mine =
                logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("\"" + id + "\"")).events().stream()
                        .map(FilteredLogEvent::message)
                        .collect(Collectors.toList());
        assertTrue(mine.contains("multi-line record of " + id + "\n  second line"), mine.toString());
        assertFalse(mine.contains("  second line"), mine.toString());
        List<String> all = got.stream().map(OutputLogEvent::message).collect(Collectors.toList());
        assertTrue(all.contains("unterminated A ") && all.contains("unterminated B"), all.toString());
        String cli =
                cli("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "\"REPORT RequestId\"");
        assertTrue(cli.startsWith("0") && cli.contains("REPORT RequestId: " + id), cli);
    }

    @Test
    @Order(12)
    void functionsAreListedAndDescribed() throws IOException {
        List<String> names = new ArrayList<>();
        lambda.listFunctionsPaginator(b -> b.maxItems(3)).functions().forEach(f -> names.add(f.functionName()));
        // every function of the fixture template, read from it so that a new fixture cannot make this stale
        long declared = Files.readAllLines(Paths.get("src/test/resources/template.yaml")).stream()
                .filter(l -> l.strip().equals("Type: AWS::Serverless::Function"))
                .count();
        assertEquals(declared, names.size(), names.toString());
        var f = lambda.getFunction(b -> b.functionName("EchoFunction"));
        assertTrue(f.configuration().codeSize() > 0);
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:EchoFunction",
                f.configuration().functionArn());
        assertEquals(
                "/aws/lambda/local/EchoFunction",
                f.configuration().loggingConfig().logGroup());
        assertEquals("Active", f.configuration().stateAsString());
        assertEquals("java25", f.configuration().runtimeAsString());
        assertNotNull(f.code().location());
        var aliased = lambda.invoke(
                b -> b.functionName("EchoFunction").qualifier("live").logType(LogType.TAIL));
        assertEquals(200, aliased.statusCode());
        String t = tail(aliased);
        Matcher m = Pattern.compile("START RequestId: (\\S+)").matcher(t);
        assertTrue(m.find());
        invoked.put(m.group(1), "/aws/lambda/local/EchoFunction");
    }

    @Test
    @Order(12)
    void jsonLogFormatEmitsPlatformEvents() throws Exception {
        InvokeResponse r = sdkInvoke("JsonLogFunction", "{\"lines\":1}");
        List<String> lines = tail(r).lines().collect(Collectors.toList());
        JsonNode start = Json.MAPPER.readTree(lines.get(0));
        assertEquals("platform.start", start.get("type").asText());
        JsonNode report = Json.MAPPER.readTree(lines.get(lines.size() - 1));
        assertEquals("platform.report", report.get("type").asText());
        assertTrue(report.at("/record/metrics/initDurationMs").isNumber(), report.toString());
        invoked.remove(report.at("/record/requestId").asText()); // no text REPORT line to look for
    }

    @Test
    @Order(13)
    void infoDescribesTheHost() throws IOException {
        JsonNode info =
                Json.MAPPER.readTree(URI.create(endpoint + "/_local/info").toURL());
        assertTrue(List.of("cgroup-v1", "cgroup-v2", "none")
                .contains(info.get("cpuLimitMode").asText()));
        assertTrue(info.at("/jdks/java25/home").isTextual());
        assertEquals("local", info.get("stackName").asText());
        // the init-phase model and the keeper that made this server's figures (recorded in each run's run.json)
        assertEquals(
                info.get("cpuLimitMode").asText().equals("none") ? "none" : "1",
                info.get("initCpuMode").asText());
        assertTrue(
                List.of("idle-cgroup", "sched-idle", "off", "unavailable", "none")
                        .contains(info.get("cpuKeeper").asText()),
                info.toString());
        // one unpacked copy of the runtime client's JNI library for all environments (Linux x86_64/aarch64)
        String lib = info.get("nativeLibrary").asText();
        assertTrue(Files.size(Paths.get(lib)) > 100_000, lib);
    }
}
