package tuning.logging;

import java.util.Map;

/** The event's "lines" field: how many log lines one invocation writes (default 100, 0 to 100000). */
final class LineCount {
    static final int DEFAULT = 100;
    static final int MAX = 100_000;

    private LineCount() {}

    static int from(Map<String, Object> event) {
        Object raw = event == null ? null : event.get("lines");
        if (raw == null) {
            return DEFAULT;
        }
        if (!(raw instanceof Number n)
                || n.doubleValue() != Math.rint(n.doubleValue())
                || n.intValue() < 0
                || n.longValue() > MAX) {
            throw new IllegalArgumentException("'lines' must be a whole number from 0 to " + MAX + ", got: " + raw);
        }
        return n.intValue();
    }
}
