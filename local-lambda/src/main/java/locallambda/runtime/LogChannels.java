package locallambda.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;
import locallambda.common.Bounds;

/**
 * The ways a child's output reaches its log stream: the process pipes (the wrapper's own messages, or all output where
 * there is no bash wrapper), fd 1 and 2 of the JVM over loopback sockets, and fd 3, the runtime client's telemetry
 * channel. One pump thread per stream hands its events to the sink.
 *
 * <p>The managed runtime hands the runtime client a telemetry descriptor (_LAMBDA_TELEMETRY_LOG_FD): the client then
 * writes every LambdaLogger / Log4j2 record as one length-prefixed frame, so a multi-line message (a stack trace) is ONE
 * CloudWatch event, and two log() calls without a newline are two. Without it the client writes to stdout, where only
 * newlines separate events. System.out and System.err stay on stdout/stderr, split by line, as on Lambda.
 */
final class LogChannels {
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final OutputPump netOut;
    private final OutputPump netErr;
    private final TelemetryPump frames;
    private volatile ServerSocket telemetry; // where the runtime's framed log records arrive (fd 3)
    private volatile ServerSocket outChannel;
    private volatile ServerSocket errChannel;

    LogChannels(LogSink sink) {
        stdout = new OutputPump(sink);
        stderr = new OutputPump(sink);
        netOut = new OutputPump(sink);
        netErr = new OutputPump(sink);
        frames = new TelemetryPump(sink);
    }

    /**
     * Opens the loopback sockets: fd 3 only where bash can connect it, fd 1 and 2 only with fd 3. A socket that cannot
     * be opened is left out (the runtime client then falls back to stdout).
     *
     * @param acceptTimeoutMs how long a pump waits for the wrapper's connection
     */
    void open(boolean bash, int acceptTimeoutMs) {
        telemetry = bash ? listen(acceptTimeoutMs) : null;
        outChannel = telemetry != null ? listen(acceptTimeoutMs) : null;
        errChannel = outChannel != null ? listen(acceptTimeoutMs) : null;
    }

    Integer telemetryPort() {
        return port(telemetry);
    }

    /** fd 1's port, only when fd 2 has one too (the wrapper redirects both or neither). */
    Integer stdoutPort() {
        return errChannel == null ? null : port(outChannel);
    }

    Integer stderrPort() {
        return port(errChannel);
    }

    /** Starts the pumps of a (re)started JVM: its pipes, and the sockets its wrapper connects. */
    void pump(Process p, ExecutorService io) {
        io.execute(() -> stdout.pump(p.getInputStream()));
        io.execute(() -> stderr.pump(p.getErrorStream()));
        ServerSocket t = telemetry;
        if (t != null) {
            io.execute(() -> frames.pump(t));
        }
        ServerSocket o = outChannel;
        ServerSocket e = errChannel;
        if (o != null && e != null) {
            io.execute(() -> netOut.pump(o));
            io.execute(() -> netErr.pump(e));
        }
    }

    /** When the wrapper connected fd 3 (0 before): the runtime's start. */
    long telemetryConnectedNanos() {
        return frames.connectedNanos;
    }

    /** Waits (briefly) until the child's output written before its response has been read and logged. */
    void drain() {
        long until = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < until) {
            if (stdout.idle() && stderr.idle() && netOut.idle() && netErr.idle() && frames.idle()) {
                break;
            }
            // parkNanos, not sleep(1): JDK 17 rounds any sleep up to a millisecond
            LockSupport.parkNanos(Math.max(20_000L, Bounds.QUIET_SOCKET_NANOS / 2));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        stdout.flushPartial();
        stderr.flushPartial();
        netOut.flushPartial();
        netErr.flushPartial();
    }

    void close() {
        Streams.closeQuietly(telemetry);
        Streams.closeQuietly(outChannel);
        Streams.closeQuietly(errChannel);
        frames.close();
        netOut.close();
        netErr.close();
    }

    private static ServerSocket listen(int acceptTimeoutMs) {
        try {
            ServerSocket ss = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
            ss.setSoTimeout(acceptTimeoutMs);
            return ss;
        } catch (IOException e) {
            return null; // the runtime client falls back to stdout
        }
    }

    private static Integer port(ServerSocket s) {
        return s == null ? null : s.getLocalPort();
    }
}
