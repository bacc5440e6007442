package locallambda.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/** One invocation on its way through an execution environment. */
public final class Invocation {
    enum Kind {
        SUCCESS,
        FUNCTION_ERROR,
        INIT_ERROR,
        EXIT,
        TIMEOUT,
        TOO_LARGE
    }

    /** What the invocation came to. errorType goes to the REPORT line (Status: error / timeout). */
    public record Outcome(Kind kind, byte[] body, String reportErrorType, long atNanos) {
        public boolean functionError() {
            return kind != Kind.SUCCESS;
        }
    }

    public final String requestId;
    final byte[] payload;
    final String clientContext; // decoded JSON or null
    final String functionArn;
    final String traceId;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    final StringBuilder tail = new StringBuilder(); // this invocation's log lines (for X-Amz-Log-Result)
    volatile long handedOutNanos;
    volatile long deadlineEpochMs;
    volatile String timeoutLogLine; // the log's "<time> <id> Task timed out after N.NN seconds" line

    public Invocation(String requestId, byte[] payload, String clientContext, String functionArn) {
        this.requestId = requestId;
        this.payload = payload;
        this.clientContext = clientContext;
        this.functionArn = functionArn;
        this.traceId = "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + requestId.replace("-", "").substring(0, 24) + ";Parent="
                + requestId.replace("-", "").substring(8, 24)
                + ";Sampled=0;Lineage=1:" + requestId.substring(0, 8) + ":0";
    }

    boolean complete(Kind kind, byte[] body, String reportErrorType) {
        return outcome.complete(new Outcome(kind, body, reportErrorType, System.nanoTime()));
    }

    synchronized void addTail(String line) {
        tail.append(line).append('\n');
    }

    /** Last 4 KB of this invocation's log, as the Tail log type returns it. */
    public synchronized String tail4k() {
        byte[] b = tail.toString().getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, b.length - 4096);
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(b, from, b.length));
    }
}
