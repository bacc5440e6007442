package locallambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;

/**
 * The Runtime API (2018-06-01) of one execution environment, on its own port of 127.0.0.1:
 * GET /runtime/invocation/next, POST /runtime/invocation/{id}/response | /error, POST /runtime/init/error.
 */
public final class RuntimeApiServer {
    static final int MAX_PAYLOAD = 6 * 1024 * 1024 + 100; // 6291556

    /** What the environment does with the runtime's calls. */
    interface Handler {
        /** Blocks until there is an event for the runtime (null = environment going away). */
        Invocation next() throws InterruptedException;

        /** @return false if the id is not the current invocation */
        boolean response(String requestId, byte[] body, boolean tooLarge);

        boolean error(String requestId, byte[] body, String errorType);

        void initError(byte[] body, String errorType);

        /**
         * The pid of the runtime this API serves (its JVM): only it may call (RuntimePeer); 0 = no runtime yet (nobody
         * may call); -1 (the default, a training run's handler) = not checked.
         */
        default long runtimePid() {
            return -1;
        }
    }

    private static final String PREFIX = "/2018-06-01/runtime/";
    private final HttpServer server;
    private final Handler handler;
    private final RuntimePeer peers = new RuntimePeer();

    RuntimeApiServer(Handler handler, ExecutorService executor) throws IOException {
        this.handler = handler;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (!path.startsWith(PREFIX)) {
                send(ex, 404, "{\"errorMessage\":\"not found\",\"errorType\":\"NotFound\"}");
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (!peers.accepts(handler.runtimePid(), ex.getRemoteAddress(), port())) {
                send(
                        ex,
                        403,
                        "{\"errorMessage\":\"this Runtime API serves its execution environment's runtime only\","
                                + "\"errorType\":\"AccessDenied\"}");
                return;
            }
            if (method.equals("GET") && rest.equals("invocation/next")) {
                next(ex);
            } else if (method.equals("POST") && rest.equals("init/error")) {
                byte[] body = readLimited(ex.getRequestBody(), MAX_PAYLOAD);
                handler.initError(
                        body == null ? new byte[0] : body,
                        ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"));
                send(ex, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST")
                    && rest.startsWith("invocation/")
                    && (rest.endsWith("/response") || rest.endsWith("/error"))) {
                String id = rest.substring("invocation/".length(), rest.lastIndexOf('/'));
                byte[] body = readLimited(ex.getRequestBody(), MAX_PAYLOAD);
                boolean ok;
                if (rest.endsWith("/response")) {
                    ok = handler.response(id, body, body == null);
                    if (ok && body == null) {
                        send(
                                ex,
                                413,
                                "{\"errorMessage\":\"Exceeded maximum allowed payload size (" + MAX_PAYLOAD
                                        + " bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
                        return;
                    }
                } else {
                    ok = handler.error(
                            id,
                            body == null ? new byte[0] : body,
                            ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"));
                }
                if (ok) {
                    send(ex, 202, "{\"status\":\"OK\"}");
                } else {
                    send(ex, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                }
            } else {
                send(
                        ex,
                        404,
                        "{\"errorMessage\":\"unknown runtime API path " + rest + "\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    private void next(HttpExchange ex) throws IOException {
        Invocation inv;
        try {
            inv = handler.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inv = null;
        }
        if (inv == null) {
            send(ex, 500, "{\"errorMessage\":\"environment shutting down\",\"errorType\":\"Runtime.Shutdown\"}");
            return;
        }
        var h = ex.getResponseHeaders();
        h.set("Lambda-Runtime-Aws-Request-Id", inv.requestId);
        h.set("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineEpochMs));
        h.set("Lambda-Runtime-Invoked-Function-Arn", inv.functionArn);
        h.set("Lambda-Runtime-Trace-Id", inv.traceId);
        // RIC 2.10.1 crashes (SIGSEGV in its native client) when Content-Type is missing
        h.set("Content-Type", "application/json");
        if (inv.clientContext != null) {
            h.set("Lambda-Runtime-Client-Context", inv.clientContext);
        }
        ex.sendResponseHeaders(200, inv.payload.length == 0 ? -1 : inv.payload.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(inv.payload);
        }
    }

    /** Reads the body; null when it exceeds the limit (the rest is drained). */
    public static byte[] readLimited(InputStream in, int limit) throws IOException {
        byte[] buf = in.readNBytes(limit + 1);
        if (buf.length > limit) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
        return buf;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }
}
