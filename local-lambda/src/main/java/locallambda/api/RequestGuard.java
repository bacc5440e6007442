package locallambda.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import locallambda.common.Bounds;
import locallambda.common.Json;

/**
 * Who may talk to the local Lambda. It listens on loopback, but a web page the user has open can still reach it: a
 * "simple" cross-origin POST (text/plain, no preflight) carries a foreign Origin, and a DNS-rebound name reaches
 * 127.0.0.1 with a foreign Host. So every request must
 * <ul>
 *   <li>name this server in Host: 127.0.0.1, localhost or [::1] with the server's port (DNS rebinding);</li>
 *   <li>carry no Origin, or the loopback origin of this server (a browser page of another site);</li>
 *   <li>carry an AWS Signature V4 Authorization header ({@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
 *       Signature=...}) or a presigned query ({@code X-Amz-Algorithm=AWS4-HMAC-SHA256}). Every AWS client signs; a
 *       browser can add an Authorization header only after a CORS preflight, which gets no grant here. The signature
 *       itself is not verified (any credentials work, as the scripts' dummy ones).</li>
 * </ul>
 * {@code GET /_local/info} (read by the scripts with curl) needs no Authorization, but Host and Origin are checked for
 * it as for everything else. {@code /_local/leases} (the runs sharing this server) needs the header
 * {@code X-Local-Lambda-Lease: 1} instead: a custom header, which a browser sends cross-origin only after a CORS
 * preflight, and that gets no grant here.
 */
public final class RequestGuard {
    /** A refused request: HTTP status, error type (x-amzn-ErrorType) and message. */
    record Refusal(int status, String type, String message) {}

    static final String INFO_PATH = "/_local/info";
    public static final String LEASES_PATH = "/_local/leases";
    static final String LEASE_HEADER = "X-Local-Lambda-Lease";
    private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");
    private static final Pattern SIGV4 = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=[^,\\s]+,\\s*SignedHeaders=[^,\\s]+,\\s*Signature=[0-9a-fA-F]+\\s*");
    private static final Pattern PRESIGNED = Pattern.compile("(^|&)X-Amz-Algorithm=AWS4-HMAC-SHA256(&|$)");

    /** What a request is handed to once it is admitted. */
    public interface Route {
        void handle(HttpExchange ex) throws Exception;
    }

    private final int port;

    public RequestGuard(int port) {
        this.port = port;
    }

    /**
     * Serves one exchange: refuses what {@link #check} refuses (403), caps the request body (413), routes the rest, and
     * answers ANY failure of the route with a JSON 500 (ServiceException) when nothing was answered yet, so no request
     * ever ends with a closed connection and no answer. Always closes the exchange.
     */
    public void serve(HttpExchange ex, Route route) {
        boolean logs = isLogs(ex);
        try {
            Refusal r = check(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders());
            if (r == null) {
                r = capBody(ex);
            }
            if (r != null) {
                answer(ex, logs, r.status(), r.type(), r.message());
            } else {
                route.handle(ex);
            }
        } catch (AsynchronousCloseException e) {
            // the JDK server's request timer closed the connection under the reading thread: nobody to answer
            System.err.println("local-lambda: " + ex.getRequestMethod() + " " + ex.getRequestURI()
                    + " cut off: the client took more than " + Bounds.MAX_REQUEST_SECONDS + " s to send its request");
        } catch (Throwable e) {
            System.err.println("local-lambda: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed: " + e);
            if (System.getenv("LOCAL_LAMBDA_DEBUG") != null) {
                e.printStackTrace();
            }
            if (ex.getResponseCode() == -1) {
                try {
                    answer(
                            ex,
                            logs,
                            500,
                            logs ? "ServiceUnavailableException" : "ServiceException",
                            "the local Lambda failed on this request: "
                                    + e.getClass().getSimpleName());
                } catch (Throwable ignored) {
                    // the client is gone
                }
            }
        } finally {
            ex.close();
        }
    }

    private static boolean isLogs(HttpExchange ex) {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        return target != null && target.startsWith("Logs_20140328.");
    }

    /**
     * Reads the body of every request but Invoke (which reads its own, up to 6 MB, with Lambda's own 413) with a cap of
     * {@link Bounds#MAX_API_BODY}; the handlers then read it from memory. Over the cap: 413.
     */
    private Refusal capBody(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.startsWith(LambdaApi.PREFIX) && path.endsWith("/invocations")) {
            long declared = contentLength(ex);
            if (declared > Bounds.MAX_DRAIN + InvokeApi.MAX_SYNC_REQUEST) {
                ex.getResponseHeaders().set("Connection", "close");
                return new Refusal(
                        413,
                        "RequestTooLargeException",
                        "Request must be smaller than " + InvokeApi.MAX_SYNC_REQUEST
                                + " bytes for the InvokeFunction operation");
            }
            return null;
        }
        long declared = contentLength(ex);
        String type = isLogs(ex) ? "RequestEntityTooLargeException" : "RequestTooLargeException";
        String message = "Request must be smaller than " + Bounds.MAX_API_BODY + " bytes";
        if (declared > Bounds.MAX_API_BODY + Bounds.MAX_DRAIN) {
            ex.getResponseHeaders().set("Connection", "close");
            return new Refusal(413, type, message);
        }
        byte[] body = readLimited(ex.getRequestBody(), Bounds.MAX_API_BODY, Bounds.MAX_DRAIN);
        if (body == null) {
            return new Refusal(413, type, message);
        }
        ex.setStreams(new ByteArrayInputStream(body), null);
        return null;
    }

    private static long contentLength(HttpExchange ex) {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        if (cl == null) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The body, or null when it exceeds limit (then up to drain more bytes are read and dropped). */
    static byte[] readLimited(InputStream in, int limit, long drain) throws IOException {
        byte[] buf = in.readNBytes(limit + 1);
        if (buf.length > limit) {
            byte[] skip = new byte[8192];
            long left = drain;
            while (left > 0) {
                int n = in.read(skip, 0, (int) Math.min(skip.length, left));
                if (n < 0) {
                    break;
                }
                left -= n;
            }
            return null;
        }
        return buf;
    }

    /** An error in the shape of the API asked: Logs (JSON 1.1, __type) or Lambda (Type + modelled message member). */
    static void answer(HttpExchange ex, boolean logs, int status, String type, String message) throws IOException {
        if (!logs) {
            LambdaError.send(ex, status, type, message);
            return;
        }
        ObjectNode o = Json.object();
        o.put("__type", type);
        o.put("message", message);
        ex.getResponseHeaders().set("x-amzn-ErrorType", type);
        Http.send(ex, status, "application/x-amz-json-1.1", Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    /** Null when the request may proceed, else why it is refused (403). */
    Refusal check(String method, String path, String rawQuery, Headers headers) {
        List<String> hosts = headers.get("Host");
        if (hosts == null || hosts.size() != 1 || !loopbackHost(hosts.get(0))) {
            return new Refusal(
                    403,
                    "AccessDeniedException",
                    "The local Lambda answers requests addressed to 127.0.0.1, "
                            + "localhost or [::1] on port " + port + " only; Host "
                            + (hosts == null ? "missing" : "was " + hosts)
                            + " (a DNS-rebound name is refused)");
        }
        List<String> origins = headers.get("Origin");
        if (origins != null && (origins.size() != 1 || !loopbackOrigin(origins.get(0)))) {
            return new Refusal(
                    403,
                    "AccessDeniedException",
                    "The local Lambda does not answer cross-origin requests: Origin " + origins
                            + " is not http://127.0.0.1:" + port + " (a web page cannot drive it)");
        }
        if ("GET".equals(method) && INFO_PATH.equals(path)) {
            return null;
        }
        if (LEASES_PATH.equals(path)) {
            List<String> marks = headers.get(LEASE_HEADER);
            return marks != null && marks.size() == 1 && "1".equals(marks.get(0).trim())
                    ? null
                    : new Refusal(
                            403,
                            "AccessDeniedException",
                            LEASES_PATH + " needs the header " + LEASE_HEADER + ": 1 (a web page cannot send it)");
        }
        String auth = headers.getFirst("Authorization");
        if (auth != null && SIGV4.matcher(auth).matches()) {
            return null;
        }
        if (auth == null && rawQuery != null && PRESIGNED.matcher(rawQuery).find()) {
            return null;
        }
        return new Refusal(
                403,
                "MissingAuthenticationTokenException",
                auth == null
                        ? "Missing Authentication Token: the local Lambda needs an AWS Signature V4 Authorization header "
                                + "(any credentials: use the aws CLI or an SDK, with dummy keys)"
                        : "Authorization header is not an AWS Signature V4 one (AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., "
                                + "Signature=...)");
    }

    boolean loopbackHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        for (String name : LOOPBACK_NAMES) {
            if (h.equals(name + ":" + port)) {
                return true;
            }
            if (port == 80 && h.equals(name)) {
                return true;
            }
        }
        return false;
    }

    boolean loopbackOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String name : LOOPBACK_NAMES) {
            if (o.equals("http://" + name + ":" + port)) {
                return true;
            }
            if (port == 80 && o.equals("http://" + name)) {
                return true;
            }
        }
        return false;
    }
}
