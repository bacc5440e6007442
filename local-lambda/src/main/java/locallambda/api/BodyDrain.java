package locallambda.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.AsynchronousCloseException;
import locallambda.common.Bounds;

/**
 * Reads and drops what is left of a request body before its error is answered. Most clients (HttpURLConnection and
 * so the SDK's default client, Python's http.client and so botocore) write the whole body before they read a byte of
 * the answer: a server that answers and closes while the body is still arriving makes their next write fail with a
 * reset, and the 413 they were sent is never read. So the rest of the body is read, in one small buffer (nothing of it
 * is kept), up to {@link Bounds#MAX_DRAIN}. The reads stay under the JDK server's request deadline
 * (sun.net.httpserver.maxReqTime): a client that stalls in the middle of its body is cut off as it would be anywhere.
 */
final class BodyDrain {
    private BodyDrain() {}

    /**
     * Whether the request's body has been read to its end (so the connection may serve the next request). False, with
     * nothing read, for a body that declares more than the cap; false after the cap for one that goes on past it; false
     * when the body cannot be read (a malformed chunk). A cut-off by the request deadline is thrown: nobody to answer.
     */
    static boolean drained(HttpExchange ex) throws AsynchronousCloseException {
        if (declaredLength(ex) > Bounds.MAX_DRAIN) {
            return false;
        }
        try {
            InputStream in = ex.getRequestBody();
            byte[] buf = new byte[64 * 1024];
            long left = Bounds.MAX_DRAIN;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return in.read() < 0;
        } catch (AsynchronousCloseException cut) {
            throw cut;
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** The Content-Length the request declares: -1 when it has none (chunked), Long.MAX_VALUE when it is no number. */
    static long declaredLength(HttpExchange ex) {
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
}
