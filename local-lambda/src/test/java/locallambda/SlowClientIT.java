package locallambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import locallambda.common.Bounds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Slow clients (slowloris): a client that stops half-way through its request is cut off once it has taken
 * {@link Bounds#MAX_REQUEST_SECONDS} (60 s; the failsafe configuration shortens it to a few seconds through
 * -Dlocallambda.maxRequestSeconds), and more stalled clients than the API has threads hold up other callers only until
 * then.
 */
class SlowClientIT {
    private static final long LIMIT_MS = Bounds.MAX_REQUEST_SECONDS * 1000;
    // the JDK server checks its request deadline once a second
    private static final long GRACE_MS = 3_000;
    private static Main server;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(
                Bounds.MAX_REQUEST_SECONDS <= 10,
                "run with -Dlocallambda.maxRequestSeconds=5 (set by the failsafe configuration), else this waits a"
                        + " minute per test");
        Files.createDirectories(Paths.get("target/it-slow"));
        TestServer t = TestServer.start("target/it-slow/state", 2, 60);
        server = t.server();
        lambda = t.lambda();
    }

    @AfterAll
    static void stop() {
        TestServer.stop(server, lambda);
    }

    @Test
    void aClientStalledInItsBodyIsCutOffAtTheLimitAndTheNextIsServed() throws Exception {
        int timeoutBefore = echoTimeout();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /2015-03-31/functions/EchoFunction/configuration HTTP/1.1\r\nHost: 127.0.0.1:"
                            + server.port() + "\r\nAuthorization: " + TestServer.AUTHORIZATION
                            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"Timeout\":")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long start = System.nanoTime();
            assertStillOpen(s, 1_000);
            awaitClosed(s, LIMIT_MS + GRACE_MS);
            long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
            // the JDK server's timer runs once a second: the cut comes within a second of the limit
            assertTrue(
                    closedAfterMs >= LIMIT_MS - 1_000 && closedAfterMs <= LIMIT_MS + GRACE_MS,
                    "cut off after " + closedAfterMs + " ms; the limit is " + LIMIT_MS + " ms");
        }
        assertEquals(200, lambda.listFunctions().sdkHttpResponse().statusCode());
        assertEquals(timeoutBefore, echoTimeout(), "the half-sent update changed nothing");
    }

    @Test
    void moreStalledClientsThanApiThreadsHoldOthersUpOnlyUntilTheLimit() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 70; i++) {
                Socket s = connect();
                // a request line and one header, then nothing: the server waits for the rest of the headers
                s.getOutputStream()
                        .write(("GET /2015-03-31/functions/ HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            long start = System.nanoTime();
            assertEquals(200, lambda.listFunctions().sdkHttpResponse().statusCode());
            long servedAfterMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(
                    servedAfterMs <= LIMIT_MS + GRACE_MS,
                    "a well-behaved caller waited " + servedAfterMs + " ms behind stalled clients");
            for (Socket s : stalled) {
                awaitClosed(s, LIMIT_MS + GRACE_MS);
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void aClientStalledInAnOversizedBodyIsCutOffAtTheLimit() throws Exception {
        // an Invoke of 20 MB stops after 7 MB, past the 6 MB limit: the server is reading the rest to drop it (so the
        // client can read its 413), and that read stays under the same deadline as any other
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /2015-03-31/functions/EchoFunction/invocations HTTP/1.1\r\nHost: 127.0.0.1:"
                            + server.port() + "\r\nAuthorization: " + TestServer.AUTHORIZATION
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + 20 * 1024 * 1024
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 7 * 16; i++) {
                out.write(chunk);
            }
            out.flush();
            long start = System.nanoTime();
            assertStillOpen(s, 1_000);
            awaitClosed(s, LIMIT_MS + GRACE_MS);
            long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closedAfterMs <= LIMIT_MS + GRACE_MS, "cut off after " + closedAfterMs + " ms");
        }
        assertEquals(200, lambda.listFunctions().sdkHttpResponse().statusCode());
    }

    private static int echoTimeout() {
        return lambda.getFunctionConfiguration(b -> b.functionName("EchoFunction"))
                .timeout();
    }

    private static Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    private static void assertStillOpen(Socket s, int forMs) throws IOException {
        s.setSoTimeout(forMs);
        try {
            int b = s.getInputStream().read();
            throw new AssertionError("the server answered or closed a request still being sent (read " + b + ")");
        } catch (SocketTimeoutException expected) {
            // still open, nothing answered
        }
    }

    /** Waits until the server closes the connection (EOF or reset). */
    private static void awaitClosed(Socket s, long withinMs) throws IOException {
        s.setSoTimeout((int) withinMs);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer (e.g. 408) before the close is fine; the connection must end
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a stalled connection open for " + withinMs + " ms");
        } catch (SocketException reset) {
            // closed with a reset: cut off as well
        }
    }
}
