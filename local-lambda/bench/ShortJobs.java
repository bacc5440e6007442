import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warm calls of short CPU jobs, round-robin over targets (a function version per memory size, on one or more local
 * Lambdas): the figure Lambda's CPU model must hold for calls of milliseconds, where a CFS quota larger than the job
 * would let it run unthrottled. Every target gets every job once per round, in turn, so a drift of the host's speed
 * hits them alike. Calls go over one keep-alive socket per server (no HTTP library, no CLI process), with an
 * Authorization header of SigV4's shape (the server checks the shape, not the signature).
 *
 * <p>Usage: java ShortJobs.java ROUNDS WARMUP JOB... -- TARGET... where JOB is LABEL=PAYLOAD and TARGET is
 * LABEL=http://127.0.0.1:PORT/FUNCTION:QUALIFIER. Prints one line per measured call:
 * {@code TARGET-LABEL JOB-LABEL HANDLER-MS DURATION-MS} (HANDLER-MS is the payload's "ms", the job's own time; Duration
 * is the REPORT line's). Loopback only.
 */
public class ShortJobs {
    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    private static final Pattern DURATION = Pattern.compile("\\tDuration: ([0-9.]+) ms");
    private static final Pattern HANDLER_MS = Pattern.compile("\"ms\"\\s*:\\s*([0-9.Ee+-]+)");
    private static final Pattern LOG_RESULT = Pattern.compile("(?im)^X-Amz-Log-Result:\\s*(\\S+)\\s*$");
    private static final Pattern LENGTH = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)\\s*$");

    record Job(String label, byte[] payload) {}

    record Target(String label, URI endpoint, String function, String qualifier) {}

    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a[0]);
        int warmup = Integer.parseInt(a[1]);
        List<Job> jobs = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        boolean afterDashes = false;
        for (int i = 2; i < a.length; i++) {
            if (a[i].equals("--")) {
                afterDashes = true;
                continue;
            }
            int eq = a[i].indexOf('=');
            String label = a[i].substring(0, eq);
            String value = a[i].substring(eq + 1);
            if (!afterDashes) {
                jobs.add(new Job(label, value.getBytes(StandardCharsets.UTF_8)));
            } else {
                URI u = URI.create(value.substring(0, value.lastIndexOf(':')));
                if (!u.getHost().matches("127\\.0\\.0\\.1|localhost")) {
                    throw new IllegalArgumentException("loopback only: " + value);
                }
                String path = u.getPath().substring(1);
                targets.add(new Target(
                        label,
                        URI.create(u.getScheme() + "://" + u.getAuthority()),
                        path,
                        value.substring(value.lastIndexOf(':') + 1)));
            }
        }
        Map<String, Connection> connections = new HashMap<>();
        try {
            for (int round = -warmup; round < rounds; round++) {
                for (Job job : jobs) {
                    for (Target t : targets) {
                        Connection c = connections.computeIfAbsent(
                                t.endpoint().toString(), k -> Connection.open(t.endpoint()));
                        String[] r = c.invoke(t, job.payload());
                        if (round >= 0) {
                            System.out.println(t.label() + " " + job.label() + " " + r[0] + " " + r[1]);
                        }
                    }
                }
            }
        } finally {
            for (Connection c : connections.values()) {
                c.close();
            }
        }
    }

    /** One keep-alive connection to a server. */
    static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final int port;

        private Connection(Socket socket, int port) throws IOException {
            this.socket = socket;
            this.port = port;
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(300_000);
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        static Connection open(URI endpoint) {
            try {
                return new Connection(
                        new Socket(InetAddress.getLoopbackAddress(), endpoint.getPort()), endpoint.getPort());
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
            }
        }

        /** {handler ms, REPORT Duration} of one synchronous call. */
        String[] invoke(Target t, byte[] body) throws IOException {
            String head = "POST /2015-03-31/functions/" + t.function() + "/invocations?Qualifier=" + t.qualifier()
                    + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + AUTH
                    + "\r\nX-Amz-Date: 20260101T000000Z\r\nX-Amz-Log-Type: Tail\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String headers = readHeaders();
            Matcher len = LENGTH.matcher(headers);
            if (!len.find()) {
                throw new IOException("no Content-Length in " + headers);
            }
            byte[] payload = in.readNBytes(Integer.parseInt(len.group(1)));
            String text = new String(payload, StandardCharsets.UTF_8);
            if (!headers.startsWith("HTTP/1.1 200")
                    || headers.toLowerCase(Locale.ROOT).contains("x-amz-function-error")) {
                throw new IOException(
                        t.label() + ": " + headers.lines().findFirst().orElse("") + " " + text);
            }
            Matcher ms = HANDLER_MS.matcher(text);
            Matcher log = LOG_RESULT.matcher(headers);
            String duration = "nan";
            if (log.find()) {
                Matcher d =
                        DURATION.matcher(new String(Base64.getDecoder().decode(log.group(1)), StandardCharsets.UTF_8));
                if (d.find()) {
                    duration = d.group(1);
                }
            }
            return new String[] {ms.find() ? ms.group(1) : "nan", duration};
        }

        private String readHeaders() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                b.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                        ? state + 1
                        : 0;
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        void close() throws IOException {
            socket.close();
        }
    }
}
