package tuning.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every sdk-slimming variant must do against a local S3; each module's handler test only names its handler and the
 * labels it reports. The three modules keep identical copies of this file (kit-checks' SdkSlimmingCopiesTest fails when
 * they drift), which is why the local S3 it runs against is nested here rather than in a file of its own.
 */
abstract class S3HandlerContract {
    static final String BUCKET = "kit-test-bucket";
    static LocalS3 s3;

    /** The variant's handler, built for this bucket against the local S3 at this endpoint. */
    abstract RequestHandler<Map<String, Object>, Map<String, Object>> handler(String bucket, String endpoint);

    /** The "variant" and "httpClient" fields the handler must report. */
    abstract String variant();

    abstract String httpClient();

    @BeforeAll
    static void startLocalS3() throws Exception {
        s3 = LocalS3.start(BUCKET);
    }

    @AfterAll
    static void stopLocalS3() {
        s3.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kitEvent() {
        Path file = Path.of(System.getProperty("kit.events.dir"), "sdk-slimming.json");
        return EventLoader.loadEvent(file.toString(), Map.class);
    }

    @Test
    void listsTheBucketWithARealS3Call() throws Exception {
        RequestHandler<Map<String, Object>, Map<String, Object>> handler = handler(BUCKET, s3.endpoint);
        Map<String, Object> empty = handler.handleRequest(kitEvent(), null);
        assertEquals(0, empty.get("keyCount"));
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(s3.endpoint + "/" + BUCKET + "/hello.txt"))
                                .PUT(HttpRequest.BodyPublishers.ofString("hi"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        Map<String, Object> one = handler.handleRequest(kitEvent(), null);
        assertEquals(1, one.get("keyCount"));
        assertEquals(variant(), one.get("variant"));
        assertEquals(httpClient(), one.get("httpClient"));
        assertTrue((Double) one.get("clientInitMs") > 0);
        assertTrue((Double) one.get("callMs") > 0);
    }

    @Test
    void aMissingBucketGivesTheS3ErrorCode() {
        RequestHandler<Map<String, Object>, Map<String, Object>> handler = handler("no-such-bucket-here", s3.endpoint);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> handler.handleRequest(kitEvent(), null));
        assertTrue(
                e.getMessage().contains("no-such-bucket-here") && e.getMessage().contains("NoSuchBucket"),
                e.getMessage());
    }

    @Test
    void anUnsetBucketNameIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handler(" ", s3.endpoint));
        assertTrue(e.getMessage().contains("BUCKET_NAME"), e.getMessage());
    }

    /** A local S3 for the tests: moto_server on a free loopback port, with one bucket. */
    static final class LocalS3 implements AutoCloseable {
        private final Process process;
        final String endpoint;

        private LocalS3(Process process, String endpoint) {
            this.process = process;
            this.endpoint = endpoint;
        }

        static LocalS3 start(String bucket) throws IOException, InterruptedException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process process;
            try {
                process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                        .redirectErrorStream(true)
                        .redirectOutput(Path.of("target", "moto.log").toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "moto_server is not on PATH; install it with: pip install 'moto[server]'", e);
            }
            String endpoint = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest create = HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    HttpResponse<String> response = http.send(create, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 == 2) {
                        return new LocalS3(process, endpoint);
                    }
                    throw new IllegalStateException("moto_server refused CreateBucket: " + response.body());
                } catch (IOException notYetListening) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        process.destroyForcibly();
                        throw new IllegalStateException(
                                "moto_server did not start on " + endpoint + " (see target/moto.log)");
                    }
                    Thread.sleep(200);
                }
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
