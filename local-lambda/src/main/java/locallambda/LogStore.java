package locallambda;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** CloudWatch Logs in memory: log groups, one stream per execution environment, events with timestamp and ingestion time. */
final class LogStore {
    record Event(long timestamp, long ingestionTime, String message, long seq) {
    }

    static final class Stream {
        final String group;
        final String name;
        final long creationTime;
        final List<Event> events = new ArrayList<>();
        long storedBytes;

        Stream(String group, String name, long creationTime) {
            this.group = group;
            this.name = name;
            this.creationTime = creationTime;
        }
    }

    static final class Group {
        final String name;
        final long creationTime;
        final Map<String, Stream> streams = new TreeMap<>();

        Group(String name, long creationTime) {
            this.name = name;
            this.creationTime = creationTime;
        }
    }

    private final Map<String, Group> groups = new TreeMap<>();
    private final AtomicLong seq = new AtomicLong();

    synchronized void createGroup(String name) {
        groups.computeIfAbsent(name, n -> new Group(n, System.currentTimeMillis()));
    }

    synchronized void createStream(String group, String stream) {
        createGroup(group);
        groups.get(group).streams.computeIfAbsent(stream, s -> new Stream(group, s, System.currentTimeMillis()));
    }

    /** Appends one event; the message is stored as given (one line). */
    synchronized void append(String group, String stream, long timestamp, String message) {
        createStream(group, stream);
        Stream s = groups.get(group).streams.get(stream);
        s.events.add(new Event(timestamp, System.currentTimeMillis(), message, seq.incrementAndGet()));
        s.storedBytes += message.length();
    }

    synchronized Group group(String name) {
        return groups.get(name);
    }

    synchronized Collection<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    synchronized List<Stream> streams(String group) {
        Group g = groups.get(group);
        return g == null ? List.of() : new ArrayList<>(g.streams.values());
    }

    synchronized List<Event> events(String group, String stream) {
        Group g = groups.get(group);
        if (g == null) return List.of();
        Stream s = g.streams.get(stream);
        return s == null ? List.of() : new ArrayList<>(s.events);
    }
}
