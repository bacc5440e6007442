import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local Lambda's warm invoke overhead as a client sees it: the round trip of a synchronous Invoke minus the REPORT
 * line's Duration (the time the function itself had). The client is one keep-alive socket that writes a prepared
 * request and reads the response, so the figure holds the server's cost and the loopback's, not an HTTP library's
 * (the JDK's HttpClient adds ~1 ms of its own thread handoffs; curl adds its SigV4 signing). The Authorization header
 * has the shape of a SigV4 signature: the server checks the shape, not the signature.
 *
 * <p>Usage: java WarmOverhead.java ENDPOINT FUNCTION WARMUP CALLS. Prints one line:
 * {@code warm overhead ms: p50 X p90 Y p99 Z | round trip p50 R | Duration p50 D | n N}. Loopback only.
 */
public class WarmOverhead {
    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    private static final Pattern DURATION = Pattern.compile("\\tDuration: ([0-9.]+) ms");
    private static final Pattern LOG_RESULT = Pattern.compile("(?im)^X-Amz-Log-Result:\\s*(\\S+)\\s*$");
    private static final Pattern LENGTH = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)\\s*$");

    public static void main(String[] a) throws Exception {
        URI endpoint = URI.create(a[0]);
        if (!endpoint.getHost().matches("127\\.0\\.0\\.1|localhost")) {
            throw new IllegalArgumentException("loopback only");
        }
        String function = a[1];
        int warmup = Integer.parseInt(a[2]);
        int calls = Integer.parseInt(a[3]);
        byte[] body = "{\"bytes\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST /2015-03-31/functions/" + function + "/invocations HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + endpoint.getPort() + "\r\n"
                        + "Authorization: " + AUTH + "\r\n"
                        + "X-Amz-Date: 20260101T000000Z\r\n"
                        + "X-Amz-Log-Type: Tail\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        double[] overhead = new double[calls];
        double[] roundTrip = new double[calls];
        double[] duration = new double[calls];
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.getPort())) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            // buffered: a read() per byte of the headers would put the client's own syscalls into the figure
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            for (int i = -warmup; i < calls; i++) {
                long t0 = System.nanoTime();
                out.write(concat(request, body));
                out.flush();
                String head = readHead(in);
                long t1 = System.nanoTime();
                Matcher len = LENGTH.matcher(head);
                in.readNBytes(len.find() ? Integer.parseInt(len.group(1)) : 0);
                if (!head.startsWith("HTTP/1.1 200")) {
                    throw new IllegalStateException(
                            "invoke failed: " + head.lines().findFirst().orElse(""));
                }
                if (i < 0) {
                    continue;
                }
                roundTrip[i] = (t1 - t0) / 1e6;
                duration[i] = reportDuration(head);
                overhead[i] = roundTrip[i] - duration[i];
            }
        }
        System.out.printf(
                Locale.ROOT,
                "warm overhead ms: p50 %.3f p90 %.3f p99 %.3f | round trip p50 %.3f | Duration p50 %.3f | n %d%n",
                pct(overhead, 50),
                pct(overhead, 90),
                pct(overhead, 99),
                pct(roundTrip, 50),
                pct(duration, 50),
                calls);
    }

    /** The response's status line and headers, up to the blank line (the body is read by its Content-Length). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The REPORT line's Duration, from the base64 log tail the response carries. */
    private static double reportDuration(String head) {
        Matcher tail = LOG_RESULT.matcher(head);
        if (!tail.find()) {
            throw new IllegalStateException("no X-Amz-Log-Result in the response");
        }
        String log = new String(Base64.getDecoder().decode(tail.group(1)), StandardCharsets.UTF_8);
        Matcher d = DURATION.matcher(log);
        if (!d.find()) {
            throw new IllegalStateException("no REPORT Duration in the log tail");
        }
        return Double.parseDouble(d.group(1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static double pct(double[] values, int p) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * v.length) - 1))];
    }
}
