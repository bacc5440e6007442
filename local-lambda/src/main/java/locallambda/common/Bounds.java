package locallambda.common;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local Lambda's limits against runaway input and load, in one place (Lambda's and CloudWatch's figures where they
 * have one).
 */
public final class Bounds {
    private Bounds() {}

    /** Request bodies of every call but Invoke (Invoke: 6 MB, InvokeApi.MAX_SYNC_REQUEST). */
    public static final int MAX_API_BODY = 1024 * 1024;
    /**
     * Bytes of an oversized request body read and dropped before its 413 (api.BodyDrain), so that a client that sends
     * its whole body before reading the answer (most do) reads the 413 instead of a reset; past it the connection
     * closes. 256 MB is over 40 times Invoke's 6 MB: room for any payload sent by mistake (a file an order of magnitude
     * too large), read over loopback in well under a second, far inside {@link #MAX_REQUEST_SECONDS}, through one 64 KB
     * buffer. A body larger still is no mistake to be helped with.
     */
    public static final long MAX_DRAIN = 256L * 1024 * 1024;
    /**
     * Seconds a client may take to send a request (headers and body): sun.net.httpserver.maxReqTime. A stalled client
     * (slowloris) is cut off then; {@code -Dlocallambda.maxRequestSeconds} shortens it for the integration test that
     * proves the cut.
     */
    public static final long MAX_REQUEST_SECONDS = Long.getLong("locallambda.maxRequestSeconds", 60);
    /** Threads serving the Lambda/Logs API at once; further requests wait in a queue of MAX_QUEUED_REQUESTS. */
    static final int API_THREADS = 64;

    static final int MAX_QUEUED_REQUESTS = 256;
    /** Event invocations accepted and not yet finished (each waits on a thread): 429 TooManyRequestsException past it. */
    public static final int MAX_QUEUED_EVENTS = 200;
    /** Published versions kept per function (Lambda bounds them by code storage; here by count). */
    public static final int MAX_VERSIONS = 200;

    /**
     * How long a socket log channel (the JVM's fd 1/2/3) must have been quiet, with nothing unread in the kernel and its
     * reader blocked, before the output written before a response counts as logged. Bytes the JVM wrote before posting
     * its response are in the socket's receive queue before the response arrives (loopback), and stay there (FIONREAD >
     * 0) until the reader thread copies them out; this margin only covers the instant between that copy and the reader
     * marking itself busy. It was 1 ms (with 1 ms sleeps), which put 1-2 ms on every warm round trip. Pipes keep 1 ms.
     * {@code -Dlocallambda.quietSocketMicros=1000} restores the old rule (for side-by-side measurements).
     */
    public static final long QUIET_SOCKET_NANOS = Long.getLong("locallambda.quietSocketMicros", 50) * 1000;

    /** The API server's pool: bounded threads and queue (a request past both is refused by closing its connection). */
    public static ExecutorService apiExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                API_THREADS, API_THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS), r -> {
                    Thread t = new Thread(r, "local-lambda-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
