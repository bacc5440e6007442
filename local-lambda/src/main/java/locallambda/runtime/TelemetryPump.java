package locallambda.runtime;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import locallambda.common.Bounds;

/**
 * Reads the runtime client's telemetry channel (fd 3): frames of a 4-byte type, a 4-byte length, an 8-byte time in µs,
 * then the record, each frame ONE log event (a multi-line stack trace stays one event). Runs on an io thread of its own;
 * the wrapper's connection time ({@link #connectedNanos}) is where Init Duration starts.
 */
final class TelemetryPump {
    private final LogSink sink;
    private volatile Socket socket;
    private volatile InputStream stream;
    private volatile boolean blocked = true;
    private volatile long lastActivity;
    /** When the wrapper connected fd 3, just before exec'ing the JVM (0 until then). */
    volatile long connectedNanos;

    TelemetryPump(LogSink sink) {
        this.sink = sink;
    }

    void pump(ServerSocket server) {
        try (Socket s = server.accept()) {
            connectedNanos = System.nanoTime();
            socket = s;
            InputStream raw = s.getInputStream();
            stream = raw;
            // unbuffered on purpose: a BufferedInputStream would lock available() while this thread waits in read
            DataInputStream in = new DataInputStream(raw);
            while (true) {
                blocked = true;
                in.readInt(); // frame type (level and format): not shown in CloudWatch's text
                blocked = false;
                lastActivity = System.nanoTime();
                int length = in.readInt();
                long micros = in.readLong();
                byte[] record = in.readNBytes(Math.max(0, Math.min(length, 1 << 20)));
                if (length > record.length) {
                    in.skipNBytes(length - record.length);
                }
                String message = new String(record, StandardCharsets.UTF_8);
                // a layout's trailing line break is not a second line of the event
                if (message.endsWith("\n")) {
                    message = message.substring(0, message.length() - 1);
                }
                if (!message.isBlank()) {
                    sink.event(micros / 1000, message);
                }
                lastActivity = System.nanoTime();
            }
        } catch (IOException ignored) {
            // runtime gone, or the environment closed the channel
        } finally {
            blocked = true;
            socket = null;
            stream = null;
        }
    }

    boolean idle() {
        InputStream s = stream;
        return blocked
                && (s == null || Streams.pending(s) == 0)
                && System.nanoTime() - lastActivity > Bounds.QUIET_SOCKET_NANOS;
    }

    void close() {
        Streams.closeQuietly(socket);
    }
}
