package locallambda.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Two stream helpers the environment and its pumps share. */
final class Streams {
    private Streams() {}

    static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Bytes readable without blocking on a socket stream; 0 once it is closed. */
    static int pending(InputStream s) {
        try {
            return s.available();
        } catch (IOException closed) {
            return 0;
        }
    }
}
