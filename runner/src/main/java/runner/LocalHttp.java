package runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.DoubleSupplier;

/**
 * HTTP requests to the local Lambda from this JVM, made as the aws CLI (v1, botocore's legacy retry mode) makes them,
 * so that a run reads the same answers and the same failures as it did through the CLI:
 * <ul>
 *   <li>an Authorization header in Signature V4's shape, not signed: the local Lambda checks only the shape (it keeps
 *       web pages out, RequestGuard) and verifies no signature, so there is no key to sign with;</li>
 *   <li>a throttled (429), failing (5xx) or unreachable server is tried 5 times in all, after 0-1, 0-2, 0-4 and 0-8 s;</li>
 *   <li>an error answer becomes the CLI's line: "An error occurred (Type) when calling the Op operation: message".</li>
 * </ul>
 * {@link #stop} cancels the request in flight and refuses new ones.
 */
final class LocalHttp {
    /** An answer of 2xx. */
    record Response(int status, HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A failed operation: its error code and message, and the line the CLI prints for it. */
    static final class Failed extends Exception {
        final String code;
        final String detail;

        Failed(String code, String detail, String line) {
            super(line);
            this.code = code;
            this.detail = detail;
        }
    }

    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /** botocore's legacy mode: 5 attempts. */
    static final int ATTEMPTS = 5;
    /** The aws CLI's default read timeout. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final URI endpoint;
    private final HttpClient client;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private volatile boolean stopped;
    private volatile CompletableFuture<?> current;

    LocalHttp(URI endpoint, Sleeper sleeper, DoubleSupplier random) {
        this.endpoint = endpoint;
        // HTTP/1.1: the JDK's server behind the local Lambda speaks no h2c, so an upgrade attempt would be wasted
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(READ_TIMEOUT)
                .build();
        this.sleeper = sleeper;
        this.random = random;
    }

    static LocalHttp to(String endpoint) {
        return new LocalHttp(URI.create(endpoint), Thread::sleep, new Random()::nextDouble);
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * One operation: method and path (with its query) and body, headers as name, value pairs; a timeout of null waits
     * as long as the answer takes. Retried as the CLI retries; the 2xx answer, or Failed in the CLI's words.
     */
    Response send(String operation, String method, String pathAndQuery, byte[] body, Duration timeout, String... headers)
            throws Failed {
        URI uri = endpoint.resolve(pathAndQuery);
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("X-Amz-Date", AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
                    .header("Authorization", authorization(service(headers)));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            if (timeout != null) {
                b.timeout(timeout);
            }
            boolean last = attempt == ATTEMPTS;
            HttpResponse<byte[]> r;
            try {
                r = exchange(b.build());
            } catch (ConnectException e) {
                if (last) {
                    throw new Failed("", "", "Could not connect to the endpoint URL: \"" + uri + "\"");
                }
                backOff(attempt);
                continue;
            } catch (HttpTimeoutException e) {
                // not retried, unlike the CLI: a second invocation of a function that ran past the timeout tells nothing
                throw new Failed("", "", "Read timeout on endpoint URL: \"" + uri + "\"");
            } catch (IOException e) {
                throw new Failed("", "", "Connection was closed before we received a valid response from endpoint URL: \""
                        + uri + "\".");
            }
            int status = r.statusCode();
            if (status / 100 == 2) {
                return new Response(status, r.headers(), r.body());
            }
            if (!retryable(status) || last) {
                throw error(operation, status, r.headers(), r.body(), last && retryable(status) ? attempt - 1 : 0);
            }
            backOff(attempt);
        }
    }

    /** Ends the request in flight and refuses new ones. */
    void stop() {
        stopped = true;
        CompletableFuture<?> f = current;
        if (f != null) {
            f.cancel(true);
        }
    }

    boolean stopped() {
        return stopped;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> f;
        synchronized (this) {
            if (stopped) {
                throw new Api.Stopped();
            }
            f = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            current = f;
        }
        try {
            return f.get();
        } catch (CancellationException e) {
            throw new Api.Stopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new Api.Stopped();
        } catch (ExecutionException e) {
            if (stopped) {
                throw new Api.Stopped();
            }
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        } finally {
            current = null;
        }
    }

    /** botocore's legacy backoff: a random fraction of 2^(attempt-1) seconds. */
    private void backOff(int attempt) {
        try {
            sleeper.sleep(Math.round(random.getAsDouble() * (1L << (attempt - 1)) * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Api.Stopped();
        }
        if (stopped) {
            throw new Api.Stopped();
        }
    }

    /** The statuses botocore's legacy mode retries: throttled, and the server's own failures. */
    static boolean retryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 || status == 509;
    }

    /**
     * An error answer as botocore reads it: the code from x-amzn-ErrorType (before any ':'), else the body's __type
     * (after any '#'), else the status; the message from the body's message or Message.
     */
    static Failed error(String operation, int status, HttpHeaders headers, byte[] body, int retries) {
        JsonNode b = Json.parseOrText(new String(body, StandardCharsets.UTF_8));
        String code = b.path("__type").asText(Integer.toString(status));
        code = code.substring(code.indexOf('#') + 1);
        String header = headers.firstValue("x-amzn-ErrorType").orElse("");
        if (!header.isEmpty()) {
            code = header.contains(":") ? header.substring(0, header.indexOf(':')) : header;
        }
        String message = b.path("message").asText(b.path("Message").asText(""));
        return new Failed(
                code,
                message,
                "An error occurred (" + code + ") when calling the " + operation + " operation"
                        + (retries > 0 ? " (reached max retries: " + retries + ")" : "") + ": " + message);
    }

    /** The service a request is for, for the credential scope: logs when it names a Logs target, else lambda. */
    private static String service(String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("X-Amz-Target")) {
                return "logs";
            }
        }
        return "lambda";
    }

    private static String authorization(String service) {
        String day = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)).substring(0, 8);
        return "AWS4-HMAC-SHA256 Credential=local/" + day + "/us-east-1/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    }
}
