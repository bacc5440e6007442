package locallambda.logs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CloudWatch Logs in memory: log groups, one stream per execution environment, events with timestamp and ingestion time.
 * Bounded: an event longer than CloudWatch's 256 KB is truncated as CloudWatch truncates it, and past a total size the
 * oldest events (of any stream) are dropped, so a chatty function cannot exhaust the server's heap.
 */
public final class LogStore {
    /** CloudWatch's maximum event size: 256 KB including 26 bytes of overhead per event. */
    public static final int MAX_EVENT_BYTES = 256 * 1024 - 26;
    /** Total message bytes kept (about; counted in UTF-16 chars x 2 as held in the heap) before the oldest go. */
    static final long DEFAULT_MAX_TOTAL_BYTES = 256L * 1024 * 1024;

    public record Event(long timestamp, long ingestionTime, String message, long seq) {}

    public static final class Stream {
        public final String group;
        public final String name;
        public final long creationTime;
        public final ArrayDeque<Event> events = new ArrayDeque<>();
        long storedBytes;

        Stream(String group, String name, long creationTime) {
            this.group = group;
            this.name = name;
            this.creationTime = creationTime;
        }
    }

    public static final class Group {
        public final String name;
        public final long creationTime;
        public final Map<String, Stream> streams = new TreeMap<>();

        Group(String name, long creationTime) {
            this.name = name;
            this.creationTime = creationTime;
        }
    }

    private final Map<String, Group> groups = new TreeMap<>();
    private final AtomicLong seq = new AtomicLong();
    /** The stream of every stored event, oldest first: where the oldest event to drop is. */
    private final ArrayDeque<Stream> order = new ArrayDeque<>();

    private final long maxTotalBytes;
    private long totalBytes;
    private long dropped;

    public LogStore() {
        this(DEFAULT_MAX_TOTAL_BYTES);
    }

    public LogStore(long maxTotalBytes) {
        this.maxTotalBytes = maxTotalBytes;
    }

    /** What the stored events take on the heap, by the estimate the store bounds itself with (at most its limit). */
    public synchronized long storedBytes() {
        return totalBytes;
    }

    public synchronized void createGroup(String name) {
        groups.computeIfAbsent(name, n -> new Group(n, System.currentTimeMillis()));
    }

    public synchronized void createStream(String group, String stream) {
        createGroup(group);
        groups.get(group).streams.computeIfAbsent(stream, s -> new Stream(group, s, System.currentTimeMillis()));
    }

    /** Appends one event; the message is stored as given (one line). */
    public synchronized void append(String group, String stream, long timestamp, String message) {
        createStream(group, stream);
        Stream s = groups.get(group).streams.get(stream);
        message = truncate(message);
        s.events.add(new Event(timestamp, System.currentTimeMillis(), message, seq.incrementAndGet()));
        long size = size(message);
        s.storedBytes += size;
        totalBytes += size;
        order.add(s);
        while (totalBytes > maxTotalBytes && !order.isEmpty()) {
            Stream oldest = order.poll();
            Event gone = oldest.events.poll();
            if (gone == null) {
                continue;
            }
            long n = size(gone.message());
            oldest.storedBytes -= n;
            totalBytes -= n;
            if (dropped++ == 0) {
                System.err.println(
                        "local-lambda: log store past " + maxTotalBytes + " bytes: dropping the oldest events");
            }
        }
    }

    private static long size(String message) {
        return 2L * message.length() + 64; // heap: UTF-16 (at worst) plus the event record
    }

    /** CloudWatch truncates an event past 256 KB (UTF-8) of message. */
    static String truncate(String message) {
        if (message.length() * 3L <= MAX_EVENT_BYTES) {
            return message;
        }
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_EVENT_BYTES) {
            return message;
        }
        int end = MAX_EVENT_BYTES;
        while (end > 0 && (b[end] & 0xC0) == 0x80) { // do not cut a character in two
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** Events dropped so far to keep the store within its size. */
    synchronized long dropped() {
        return dropped;
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    public synchronized Group group(String name) {
        return groups.get(name);
    }

    public synchronized Collection<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    public synchronized List<Stream> streams(String group) {
        Group g = groups.get(group);
        return g == null ? List.of() : new ArrayList<>(g.streams.values());
    }

    public synchronized List<Event> events(String group, String stream) {
        Group g = groups.get(group);
        if (g == null) {
            return List.of();
        }
        Stream s = g.streams.get(stream);
        return s == null ? List.of() : new ArrayList<>(s.events);
    }
}
