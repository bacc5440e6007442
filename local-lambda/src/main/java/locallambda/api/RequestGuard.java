package locallambda.api;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import locallambda.common.Bounds;

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
     * Serves one exchange: refuses what {@link #check} refuses (403), caps the request body (413) and routes the rest.
     * This is the one place errors become answers: an {@link ApiException} from here or from the route is written in
     * the shape of the API the request went to, and ANY other failure becomes that API's JSON 500 when nothing was
     * answered yet, so no request ever ends with a closed connection and no answer (nor with a stack trace). Always
     * closes the exchange.
     */
    public void serve(HttpExchange ex, Route route) {
        ErrorShape shape = ErrorShape.of(ex);
        try {
            ApiException refused = check(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders());
            if (refused != null) {
                throw refused;
            }
            capBody(ex, shape);
            route.handle(ex);
        } catch (ApiException e) {
            answer(ex, shape, e);
        } catch (AsynchronousCloseException e) {
            cutOff(ex);
        } catch (Throwable e) {
            System.err.println("local-lambda: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed: " + e);
            if (System.getenv("LOCAL_LAMBDA_DEBUG") != null) {
                e.printStackTrace();
            }
            answer(
                    ex,
                    shape,
                    new ApiException(
                            500,
                            shape.serviceErrorType(),
                            "the local Lambda failed on this request: "
                                    + e.getClass().getSimpleName()));
        } finally {
            ex.close();
        }
    }

    /**
     * Writes the error once the client has sent its whole body ({@link BodyDrain}), unless the route had already begun
     * its own answer (then there is no room for another).
     */
    private static void answer(HttpExchange ex, ErrorShape shape, ApiException e) {
        if (ex.getResponseCode() != -1) {
            System.err.println("local-lambda: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed after "
                    + "its answer had begun: " + e.type() + ": " + e.getMessage());
            return;
        }
        try {
            if (!BodyDrain.drained(ex)) {
                // the rest of the body is still coming (or unreadable): this connection cannot carry another request
                ex.getResponseHeaders().set("Connection", "close");
            }
            shape.send(ex, e);
        } catch (AsynchronousCloseException cut) {
            cutOff(ex);
        } catch (Throwable ignored) {
            // the client is gone
        }
    }

    /** The JDK server's request timer closed the connection under the reading thread: nobody to answer. */
    private static void cutOff(HttpExchange ex) {
        System.err.println("local-lambda: " + ex.getRequestMethod() + " " + ex.getRequestURI()
                + " cut off: the client took more than " + Bounds.MAX_REQUEST_SECONDS + " s to send its request");
    }

    /**
     * Reads the body of every request but Invoke (which reads its own, up to 6 MB, with Lambda's own 413) with a cap of
     * {@link Bounds#MAX_API_BODY}; the handlers then read it from memory. Over the cap: 413, in the API's own type,
     * answered once the rest of the body is drained. A body that declares more than {@link Bounds#MAX_DRAIN} is refused
     * before a byte of it is read, Invoke's too: it would not be drained, so nothing is gained by reading it.
     */
    private void capBody(HttpExchange ex, ErrorShape shape) throws IOException {
        String path = ex.getRequestURI().getPath();
        long declared = BodyDrain.declaredLength(ex);
        if (path.startsWith(LambdaApi.PREFIX) && path.endsWith("/invocations")) {
            if (declared > Bounds.MAX_DRAIN) {
                throw InvokeApi.tooLarge(InvokeApi.MAX_SYNC_REQUEST);
            }
            return;
        }
        ApiException tooLarge = new ApiException(
                413, shape.tooLargeType(), "Request must be smaller than " + Bounds.MAX_API_BODY + " bytes");
        if (declared > Bounds.MAX_API_BODY) {
            throw tooLarge;
        }
        byte[] body = ex.getRequestBody().readNBytes(Bounds.MAX_API_BODY + 1);
        if (body.length > Bounds.MAX_API_BODY) {
            throw tooLarge;
        }
        ex.setStreams(new ByteArrayInputStream(body), null);
    }

    /** Null when the request may proceed, else the refusal (403) that {@link #serve} throws. */
    ApiException check(String method, String path, String rawQuery, Headers headers) {
        List<String> hosts = headers.get("Host");
        if (hosts == null || hosts.size() != 1 || !loopbackHost(hosts.get(0))) {
            return new ApiException(
                    403,
                    "AccessDeniedException",
                    "The local Lambda answers requests addressed to 127.0.0.1, "
                            + "localhost or [::1] on port " + port + " only; Host "
                            + (hosts == null ? "missing" : "was " + hosts)
                            + " (a DNS-rebound name is refused)");
        }
        List<String> origins = headers.get("Origin");
        if (origins != null && (origins.size() != 1 || !loopbackOrigin(origins.get(0)))) {
            return new ApiException(
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
                    : new ApiException(
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
        return new ApiException(
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
