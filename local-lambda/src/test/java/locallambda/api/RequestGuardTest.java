package locallambda.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import locallambda.TestServer;
import locallambda.common.Bounds;
import locallambda.common.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RequestGuard alone: who may call (Host, Origin, SigV4 shape), the body cap, and the catch-all 500, on a bare JDK server. */
public class RequestGuardTest {
    private static HttpServer server;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        port = server.getAddress().getPort();
        RequestGuard guard = new RequestGuard(port);
        server.createContext(
                "/",
                ex -> guard.serve(ex, e -> {
                    String path = e.getRequestURI().getPath();
                    if (path.endsWith("/boom")) {
                        throw new IllegalStateException("boom");
                    }
                    if (path.endsWith("/overflow")) {
                        throw new StackOverflowError();
                    }
                    if (path.endsWith("/throttled")) {
                        throw new ApiException(429, "TooManyRequestsException", "slow down")
                                .member("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded")
                                .header("Retry-After", "1");
                    }
                    byte[] body = e.getRequestBody().readAllBytes();
                    Http.json(e, 200, Map.of("read", body.length));
                }));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    public record Answer(int status, Map<String, String> headers, String body) {
        public JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }

    /** One raw HTTP/1.1 request over a socket (any Host, any header), Connection: close. */
    public static Answer raw(
            int port, String method, String path, String host, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            if (host != null) {
                req.append("Host: ").append(host).append("\r\n");
            }
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Content-Length: ")
                    .append(body == null ? 0 : body.length)
                    .append("\r\n");
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String[] head = all.substring(0, split).split("\r\n");
            Map<String, String> hs = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < head.length; i++) {
                int c = head[i].indexOf(':');
                hs.put(head[i].substring(0, c).trim(), head[i].substring(c + 1).trim());
            }
            return new Answer(Integer.parseInt(head[0].split(" ")[1]), hs, all.substring(split + 4));
        }
    }

    private static Map<String, String> signed() {
        return Map.of("Authorization", TestServer.AUTHORIZATION);
    }

    private static void assertRefused(Answer a, int status, String type) throws IOException {
        assertEquals(status, a.status(), a.body());
        assertEquals(type, a.headers().get("x-amzn-ErrorType"), a.headers().toString());
        assertEquals(status >= 500 ? "Service" : "User", a.json().path("Type").asText(), a.body());
        assertTrue(a.json().has("message") || a.json().has("Message"), a.body());
    }

    @Test
    void loopbackHostsWithThePortAreAllowed() throws IOException {
        for (String h : new String[] {"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port}) {
            assertEquals(200, raw(port, "GET", "/x", h, signed(), null).status(), h);
        }
    }

    @Test
    void foreignOrMissingHostIsRefused() throws IOException {
        for (String h :
                new String[] {"evil.example:" + port, "127.0.0.1", "127.0.0.1:1", "localhost.evil.example:" + port}) {
            assertRefused(raw(port, "GET", "/x", h, signed(), null), 403, "AccessDeniedException");
        }
        assertRefused(raw(port, "GET", "/x", null, signed(), null), 403, "AccessDeniedException");
        // also for the info route, which needs no Authorization
        assertRefused(
                raw(port, "GET", RequestGuard.INFO_PATH, "rebound.example:" + port, Map.of(), null),
                403,
                "AccessDeniedException");
    }

    @Test
    void foreignOriginIsRefusedTheServersOwnIsNot() throws IOException {
        Map<String, String> h = new HashMap<>(signed());
        h.put("Content-Type", "text/plain");
        for (String o :
                new String[] {"https://evil.example", "null", "http://127.0.0.1:" + (port + 1), "http://localhost"}) {
            h.put("Origin", o);
            assertRefused(
                    raw(port, "POST", "/2015-03-31/functions/F/invocations", "127.0.0.1:" + port, h, "{}".getBytes()),
                    403,
                    "AccessDeniedException");
        }
        h.put("Origin", "http://127.0.0.1:" + port);
        assertEquals(
                200,
                raw(port, "POST", "/y", "127.0.0.1:" + port, h, "{}".getBytes()).status());
    }

    @Test
    void unsignedRequestsAreRefusedButInfo() throws IOException {
        String host = "127.0.0.1:" + port;
        assertRefused(
                raw(port, "POST", "/2015-03-31/functions/F/invocations", host, Map.of(), "{}".getBytes()),
                403,
                "MissingAuthenticationTokenException");
        assertRefused(
                raw(port, "GET", "/x", host, Map.of("Authorization", "Basic dXNlcjpwYXNz"), null),
                403,
                "MissingAuthenticationTokenException");
        // a CORS preflight carries no Authorization: refused, so no grant
        assertRefused(
                raw(port, "OPTIONS", "/x", host, Map.of("Origin", "https://evil.example"), null),
                403,
                "AccessDeniedException");
        assertEquals(
                200,
                raw(port, "GET", RequestGuard.INFO_PATH, host, Map.of(), null).status());
        assertEquals(
                200,
                raw(port, "GET", "/x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00", host, Map.of(), null)
                        .status());
        // Logs requests are refused in the Logs shape (__type) with the header as well
        Answer logs =
                raw(port, "POST", "/", host, Map.of("X-Amz-Target", "Logs_20140328.FilterLogEvents"), "{}".getBytes());
        assertEquals(403, logs.status());
        assertEquals(
                "MissingAuthenticationTokenException",
                logs.json().path("__type").asText(),
                logs.body());
    }

    @Test
    void bodiesAreCappedAt1MBButInvokesOwn() throws IOException {
        String host = "127.0.0.1:" + port;
        assertEquals(
                Bounds.MAX_API_BODY,
                raw(port, "PUT", "/c", host, signed(), new byte[Bounds.MAX_API_BODY])
                        .json()
                        .get("read")
                        .asInt());
        assertRefused(
                raw(port, "PUT", "/c", host, signed(), new byte[Bounds.MAX_API_BODY + 1]),
                413,
                "RequestTooLargeException");
        Map<String, String> logs = new HashMap<>(signed());
        logs.put("X-Amz-Target", "Logs_20140328.FilterLogEvents");
        Answer a = raw(port, "POST", "/", host, logs, new byte[Bounds.MAX_API_BODY + 1]);
        assertEquals(413, a.status());
        assertEquals("RequestEntityTooLargeException", a.json().path("__type").asText());
        // invoke reads its own body (6 MB, its own 413)
        assertEquals(
                2 * Bounds.MAX_API_BODY,
                raw(
                                port,
                                "POST",
                                "/2015-03-31/functions/F/invocations",
                                host,
                                signed(),
                                new byte[2 * Bounds.MAX_API_BODY])
                        .json()
                        .get("read")
                        .asInt());
        // the next request is served normally
        assertEquals(200, raw(port, "GET", "/x", host, signed(), null).status());
    }

    @Test
    void aBodyDeclaredPastTheDrainCapIsAnsweredBeforeItIsSent() throws IOException {
        // the client sends 64 KB of its body and waits: the 413 comes without the server waiting for the rest. (The JDK
        // server's own close of the exchange reads up to 64 KB of an unread body, sun.net.httpserver.drainAmount: this
        // client sends exactly that, so nothing is left unread when the connection closes and the close is no reset.)
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /c HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + TestServer.AUTHORIZATION
                            + "\r\nContent-Length: " + (Bounds.MAX_DRAIN + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[64 * 1024]);
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("\r\nConnection: close\r\n"), answer);
            assertTrue(answer.contains("\"message\":\"Request must be smaller than 1048576 bytes\""), answer);
        }
    }

    @Test
    void anyFailureOfARouteIsAJson500() throws IOException {
        String host = "127.0.0.1:" + port;
        assertRefused(raw(port, "GET", "/boom", host, signed(), null), 500, "ServiceException");
        assertRefused(raw(port, "GET", "/overflow", host, signed(), null), 500, "ServiceException");
        assertEquals(200, raw(port, "GET", "/x", host, signed(), null).status());
    }

    @Test
    void anApiExceptionIsAnsweredInTheShapeOfTheApiAsked() throws IOException {
        String host = "127.0.0.1:" + port;
        Answer lambda = raw(port, "GET", "/throttled", host, signed(), null);
        assertRefused(lambda, 429, "TooManyRequestsException");
        assertEquals("1", lambda.headers().get("Retry-After"));
        assertEquals("application/json", lambda.headers().get("Content-Type"));
        assertEquals(
                "{\"Type\":\"User\",\"message\":\"slow down\","
                        + "\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"}",
                lambda.body());
        Map<String, String> h = new HashMap<>(signed());
        h.put("X-Amz-Target", "Logs_20140328.FilterLogEvents");
        Answer logs = raw(port, "POST", "/throttled", host, h, "{}".getBytes());
        assertEquals(429, logs.status());
        assertEquals("TooManyRequestsException", logs.headers().get("x-amzn-ErrorType"));
        assertEquals("application/x-amz-json-1.1", logs.headers().get("Content-Type"));
        assertEquals(
                "{\"__type\":\"TooManyRequestsException\",\"message\":\"slow down\","
                        + "\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"}",
                logs.body());
    }

    @Test
    void leasesNeedTheLeaseHeaderAndALoopbackOrigin() throws IOException {
        String host = "127.0.0.1:" + port;
        String path = RequestGuard.LEASES_PATH + "?pid=1";
        assertRefused(raw(port, "POST", path, host, Map.of(), null), 403, "AccessDeniedException");
        assertRefused(
                raw(port, "POST", path, host, Map.of(RequestGuard.LEASE_HEADER, "yes"), null),
                403,
                "AccessDeniedException");
        // a web page: its Origin is refused even with the header (which it could send only after a preflight)
        assertRefused(
                raw(
                        port,
                        "DELETE",
                        path,
                        host,
                        Map.of(RequestGuard.LEASE_HEADER, "1", "Origin", "https://evil.example"),
                        null),
                403,
                "AccessDeniedException");
        assertRefused(
                raw(port, "POST", path, "evil.example:" + port, Map.of(RequestGuard.LEASE_HEADER, "1"), null),
                403,
                "AccessDeniedException");
        assertEquals(
                200,
                raw(port, "POST", path, host, Map.of(RequestGuard.LEASE_HEADER, "1"), null)
                        .status());
        // the header admits the lease path only
        assertRefused(
                raw(
                        port,
                        "POST",
                        "/2015-03-31/functions/F/invocations",
                        host,
                        Map.of(RequestGuard.LEASE_HEADER, "1"),
                        null),
                403,
                "MissingAuthenticationTokenException");
    }

    @Test
    void checkAlone() {
        RequestGuard g = new RequestGuard(3001);
        Headers h = new Headers();
        h.add("Host", "127.0.0.1:3001");
        h.add(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/logs/aws4_request,SignedHeaders=host,Signature=ab12");
        assertNull(g.check("POST", "/", null, h));
        h.add("Host", "evil.example:3001"); // two Host headers
        assertEquals("AccessDeniedException", g.check("POST", "/", null, h).type());
        assertFalse(new RequestGuard(80).loopbackHost("127.0.0.1:8080"));
        assertTrue(new RequestGuard(80).loopbackHost("localhost"));
    }
}
