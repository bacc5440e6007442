package runner;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An HTTP server on loopback (port 0) that records each request and answers with the next canned answer. */
final class StubServer implements AutoCloseable {
    record Request(String method, String uri, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** A canned answer; {@code before} runs first (a test's hold on the answer). */
    record Answer(int status, Map<String, String> headers, String body, Runnable before) {
        Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, () -> {});
        }
    }

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<Request> arrived = new LinkedBlockingQueue<>();
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    StubServer then(int status, String body, String... headers) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        answers.add(new Answer(status, h, body));
        return this;
    }

    StubServer then(Answer a) {
        answers.add(a);
        return this;
    }

    /** A Lambda error: x-amzn-ErrorType and {"Type": ..., "message" or "Message": ...}. */
    StubServer thenLambdaError(int status, String type, String member, String message) {
        return then(
                status,
                "{\"Type\":\"" + (status >= 500 ? "Service" : "User") + "\",\"" + member + "\":\"" + message + "\"}",
                "x-amzn-ErrorType",
                type,
                "Content-Type",
                "application/json");
    }

    Request request(int i) {
        return requests.get(i);
    }

    Request next() throws InterruptedException {
        return arrived.poll(10, TimeUnit.SECONDS);
    }

    private void answer(HttpExchange ex) throws IOException {
        Request r = new Request(
                ex.getRequestMethod(),
                ex.getRequestURI().toString(),
                ex.getRequestHeaders(),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(r);
        arrived.add(r);
        Answer a = answers.isEmpty() ? new Answer(599, Map.of(), "no answer left") : answers.remove(0);
        a.before().run();
        a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        byte[] body = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
