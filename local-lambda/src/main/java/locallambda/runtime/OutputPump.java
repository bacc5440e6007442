package locallambda.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import locallambda.common.Bounds;
import locallambda.logs.LogStore;

/**
 * Reads one of the child's output streams (a process pipe, or fd 1 or 2 over a loopback socket) into log events, a
 * line per event, as CloudWatch splits stdout. Runs on an io thread of its own; {@link #idle()} and
 * {@link #flushPartial()} are called from the invoking thread (fields volatile, the partial line guarded by this).
 */
final class OutputPump {
    private final LogSink sink;
    private volatile InputStream in;
    private volatile boolean socketStream; // a raw socket stream: available() does not wait for the reader
    private volatile Socket socket;
    private volatile boolean blocked;
    private volatile long lastActivity;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    OutputPump(LogSink sink) {
        this.sink = sink;
    }

    /** Accepts the JVM's connection for fd 1 or 2 (made by the bash wrapper) and reads it. */
    void pump(ServerSocket server) {
        try (Socket s = server.accept()) {
            socket = s;
            socketStream = true;
            pump(s.getInputStream());
        } catch (IOException ignored) {
            // never connected (wrapper failed) or closed with the environment
        } finally {
            socket = null;
        }
    }

    void close() {
        Streams.closeQuietly(socket);
    }

    void pump(InputStream stream) {
        in = stream;
        byte[] buf = new byte[8192];
        try {
            while (true) {
                blocked = true;
                int n = stream.read(buf);
                blocked = false;
                lastActivity = System.nanoTime();
                if (n < 0) {
                    break;
                }
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        byte c = buf[i];
                        if (c == '\n') {
                            emit();
                        } else {
                            partial.write(c);
                        }
                        if (partial.size() >= LogStore.MAX_EVENT_BYTES) {
                            emit(); // an unterminated line stays bounded
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // process gone
        } finally {
            blocked = true;
            flushPartial();
        }
    }

    /**
     * Blocked in read with nothing new for a millisecond (and, on a socket, nothing unread in its buffer): what the
     * child wrote before its response is logged. A pipe's stream locks available() while its reader waits, so for
     * pipes only the time rule applies (a reader thread not yet scheduled can then be missed).
     */
    boolean idle() {
        InputStream s = in;
        if (s == null) {
            return true;
        }
        if (socketStream && Streams.pending(s) > 0) {
            return false;
        }
        return blocked && System.nanoTime() - lastActivity > (socketStream ? Bounds.QUIET_SOCKET_NANOS : 1_000_000L);
    }

    synchronized void flushPartial() {
        if (partial.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isBlank()) {
            return; // CloudWatch keeps no empty events
        }
        sink.event(System.currentTimeMillis(), line);
    }
}
