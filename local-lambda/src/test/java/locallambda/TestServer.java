package locallambda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.function.Consumer;
import locallambda.sandbox.RuntimeCommand;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** A local Lambda on a free loopback port with the test template, and SDK clients for it (no retries: tests see every answer). */
public record TestServer(Main server, String endpoint, LambdaClient lambda, CloudWatchLogsClient logs) {
    /** A SigV4-shaped Authorization header for raw requests (the local Lambda checks its shape, not the signature). */
    public static final String AUTHORIZATION =
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);

    static TestServer start(String stateDir, int maxEnvironments, long idleTimeoutSeconds) throws Exception {
        return start(stateDir, maxEnvironments, idleTimeoutSeconds, o -> {});
    }

    /** @param options changes to the server's options (e.g. another --init-cpu) */
    static TestServer start(String stateDir, int maxEnvironments, long idleTimeoutSeconds, Consumer<Options> options)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Options o = new Options();
        o.template = Paths.get("src/test/resources/template.yaml");
        o.port = port;
        o.stateDir = Paths.get(stateDir);
        o.maxEnvironments = maxEnvironments;
        o.idleTimeout = idleTimeoutSeconds;
        options.accept(o);
        ByteArrayOutputStream startup = new ByteArrayOutputStream();
        Main server = Main.start(o, new PrintStream(startup, true, StandardCharsets.UTF_8));
        String text = startup.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("cpu limit: "), text);
        assertTrue(text.contains("local-lambda ready on http://127.0.0.1:" + port), text);
        String endpoint = "http://127.0.0.1:" + port;
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        var noRetry = ClientOverrideConfiguration.builder()
                .retryPolicy(RetryPolicy.none())
                .apiCallTimeout(Duration.ofSeconds(120))
                .build();
        LambdaClient lambda = LambdaClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(120)))
                .overrideConfiguration(noRetry)
                .build();
        CloudWatchLogsClient logs = CloudWatchLogsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(noRetry)
                .build();
        return new TestServer(server, endpoint, lambda, logs);
    }

    /** The function's log group, as GetFunction names it (LoggingConfig.LogGroup). */
    static String logGroup(LambdaClient lambda, String function) {
        return lambda.getFunction(b -> b.functionName(function))
                .configuration()
                .loggingConfig()
                .logGroup();
    }

    /** Stops what a test class started; any of it may be null (a failed start). */
    static void stop(Main server, SdkAutoCloseable... clients) {
        if (server != null) {
            server.stop();
        }
        for (SdkAutoCloseable c : clients) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Child processes of this JVM that run the runtime interface client: none once a server has stopped. */
    static long runtimeChildren() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains(RuntimeCommand.RIC_MAIN))
                .count();
    }
}
