package locallambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import locallambda.common.Json;

/**
 * Who uses this local Lambda now: the runs of the kit's scripts (two runs can share one port), each by the pid of its
 * process. A lease lives as long as its process does (same pid and the same start time, so a reused pid does not
 * keep it), or until released. A server started with --stop-when-unleased stops itself once its last lease is gone:
 * the run that started it, or the last one still using it, ends it, also when that run was killed. One started by hand
 * has no such flag and stays.
 *
 * <p>The input comes over HTTP from anything on this machine (and, the request guard aside, from any web page): a pid
 * is taken only as 1-10 digits in range, of a live process that is not this server, and at most {@link #MAX} leases
 * are held at once.
 */
final class Leases {
    static final int MAX = 32;
    /** Linux's largest pid_max (2^22). */
    static final long MAX_PID = 4_194_304L;

    private static final Pattern PID_QUERY = Pattern.compile("pid=([1-9][0-9]{0,9})");

    /** What a request asks for, or why it is refused (status 400/409/429). */
    record Answer(int status, ObjectNode body) {}

    private final Map<Long, Optional<Instant>> holders = new LinkedHashMap<>();
    private final long self;
    private final boolean stopWhenUnleased;
    private final Runnable stop;
    private boolean held;
    private boolean stopping;
    private boolean stopCalled;

    /** stop is called once (outside the lock) when stopWhenUnleased and the last lease went. */
    Leases(long self, boolean stopWhenUnleased, Runnable stop) {
        this.self = self;
        this.stopWhenUnleased = stopWhenUnleased;
        this.stop = stop;
    }

    /** Parses "pid=N" strictly: the whole query, digits only, in 1..MAX_PID; else null. */
    static Long pidOf(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        Matcher m = PID_QUERY.matcher(rawQuery);
        if (!m.matches()) {
            return null;
        }
        long pid = Long.parseLong(m.group(1));
        return pid <= MAX_PID ? pid : null;
    }

    /** GET, POST (take) or DELETE (release) /_local/leases[?pid=N]. */
    Answer handle(String method, String rawQuery) {
        if ("GET".equals(method)) {
            reap();
            return new Answer(200, state());
        }
        if (!"POST".equals(method) && !"DELETE".equals(method)) {
            return refusal(405, "GET, POST or DELETE /_local/leases?pid=N");
        }
        Long pid = pidOf(rawQuery);
        if (pid == null) {
            return refusal(400, "the query must be pid=N only, N a process id from 1 to " + MAX_PID);
        }
        Answer a = "POST".equals(method) ? take(pid) : release(pid);
        runStopWhenDue();
        return a;
    }

    /** A lease for pid (again: the same lease). */
    synchronized Answer take(long pid) {
        if (stopping) {
            return refusal(409, "this local Lambda is stopping: its last lease was released");
        }
        if (pid == self) {
            return refusal(400, "the server cannot lease itself");
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (p.isEmpty()) {
            return refusal(400, "no running process " + pid);
        }
        reapLocked();
        if (!holders.containsKey(pid) && holders.size() >= MAX) {
            return refusal(429, "too many leases (" + MAX + ")");
        }
        holders.put(pid, p.get().info().startInstant());
        held = true;
        return new Answer(200, state());
    }

    synchronized Answer release(long pid) {
        holders.remove(pid);
        reapLocked();
        return new Answer(200, state());
    }

    /** Drops the leases whose process is gone (or whose pid now names another process); stops when due. */
    void reap() {
        synchronized (this) {
            reapLocked();
        }
        runStopWhenDue();
    }

    synchronized List<Long> holders() {
        return new ArrayList<>(holders.keySet());
    }

    synchronized boolean stopping() {
        return stopping;
    }

    private void reapLocked() {
        holders.entrySet().removeIf(e -> !alive(e.getKey(), e.getValue()));
        if (stopWhenUnleased && held && holders.isEmpty()) {
            stopping = true;
        }
    }

    private void runStopWhenDue() {
        boolean now;
        synchronized (this) {
            now = stopping && !stopCalled;
            stopCalled |= now;
        }
        if (now) {
            stop.run();
        }
    }

    static boolean alive(long pid, Optional<Instant> started) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (p.isEmpty()) {
            return false;
        }
        Optional<Instant> now = p.get().info().startInstant();
        return started.isEmpty() || now.isEmpty() || started.equals(now);
    }

    private ObjectNode state() {
        ObjectNode o = Json.object();
        var a = o.putArray("holders");
        holders.keySet().forEach(a::add);
        o.put("stopsWhenUnleased", stopWhenUnleased);
        o.put("stopping", stopping);
        return o;
    }

    synchronized ObjectNode describe() {
        return state();
    }

    private static Answer refusal(int status, String message) {
        ObjectNode o = Json.object();
        o.put("message", message);
        return new Answer(status, o);
    }
}
