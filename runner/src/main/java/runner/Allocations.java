package runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The provisioned concurrency a run allocates: PutProvisionedConcurrencyConfig on a version it published, then
 * GetProvisionedConcurrencyConfig until READY (minutes on AWS: the progress line says what the run waits for), and at
 * the end of the round DeleteProvisionedConcurrencyConfig, checked by a Get that answers
 * ProvisionedConcurrencyConfigNotFoundException. What is still allocated when a run fails or is interrupted is released
 * by {@link #releaseAll}: a deployed stack costs nothing while idle only if no allocation outlives its run.
 */
final class Allocations {
    static final String NOT_FOUND = "ProvisionedConcurrencyConfigNotFoundException";

    interface Clock {
        long nowMs();

        void sleep(long ms) throws InterruptedException;
    }

    private final Consumer<String> log;
    private final Clock clock;
    private final long pollMs;
    private final long timeoutMs;
    // function -> the qualifier allocated on it, until released; guarded by this
    private final Map<String, String> held = new LinkedHashMap<>();

    /** @param pollMs between two Gets; @param timeoutMs how long an allocation may stay IN_PROGRESS */
    Allocations(Consumer<String> log, Clock clock, long pollMs, long timeoutMs) {
        this.log = log;
        this.clock = clock;
        this.pollMs = pollMs;
        this.timeoutMs = timeoutMs;
    }

    static Allocations of(Consumer<String> log, boolean local) {
        Clock system = new Clock() {
            @Override
            public long nowMs() {
                return System.currentTimeMillis();
            }

            @Override
            public void sleep(long ms) throws InterruptedException {
                Thread.sleep(ms);
            }
        };
        // AWS takes minutes to allocate; the local Lambda seconds (an unboosted init)
        return local ? new Allocations(log, system, 200, 300_000) : new Allocations(log, system, 10_000, 1_800_000);
    }

    /** Allocates n environments on function:qualifier and waits until READY; null when it is, else why not. */
    String allocate(Api api, String function, String qualifier, int n) throws IOException, InterruptedException {
        synchronized (this) {
            held.put(function, qualifier);
        }
        Api.Reply put = api.putProvisionedConcurrency(function, qualifier, n);
        if (!put.ok()) {
            return "put-provisioned-concurrency-config failed: " + put.error();
        }
        long start = clock.nowMs();
        long lastLine = start;
        log.accept(function + ":" + qualifier + ": waiting for " + n + " provisioned environment" + (n == 1 ? "" : "s")
                + " to be READY (their init runs now, unboosted; on AWS this takes minutes) ...");
        while (true) {
            Api.Reply get = api.getProvisionedConcurrency(function, qualifier);
            if (!get.ok()) {
                return "get-provisioned-concurrency-config failed: " + get.error();
            }
            JsonNode s = get.json();
            String status = s.path("Status").asText("");
            long now = clock.nowMs();
            if (status.equals("READY")) {
                log.accept(function + ":" + qualifier + ": provisioned concurrency READY after "
                        + Math.round((now - start) / 1000.0) + " s");
                return null;
            }
            if (!status.equals("IN_PROGRESS")) {
                return "provisioned concurrency " + status + ": " + s.path("StatusReason").asText("no reason given");
            }
            if (now - start > timeoutMs) {
                return "provisioned concurrency still IN_PROGRESS after " + timeoutMs / 1000 + " s";
            }
            if (now - lastLine >= 30_000) {
                lastLine = now;
                log.accept(function + ":" + qualifier + ": still waiting for READY ("
                        + s.path("AllocatedProvisionedConcurrentExecutions").asInt() + " of " + n + " allocated, "
                        + Math.round((now - start) / 1000.0) + " s)");
            }
            clock.sleep(pollMs);
        }
    }

    /** Deletes the allocation on function:qualifier and checks it is gone; null when it is, else why not. */
    String release(Api api, String function, String qualifier) throws IOException {
        Api.Reply delete = api.deleteProvisionedConcurrency(function, qualifier);
        Api.Reply get = api.getProvisionedConcurrency(function, qualifier);
        if (!get.ok() && get.error().contains(NOT_FOUND)) {
            synchronized (this) {
                held.remove(function, qualifier);
            }
            return null;
        }
        return delete.ok()
                ? "still allocated after delete-provisioned-concurrency-config: " + get.out().strip()
                : "delete-provisioned-concurrency-config failed: " + delete.error();
    }

    /** Releases every allocation still held (a failed or interrupted run); says what it could not release. */
    void releaseAll(Api api) {
        List<Map.Entry<String, String>> left;
        synchronized (this) {
            left = new ArrayList<>(held.entrySet());
        }
        for (Map.Entry<String, String> e : left) {
            String why;
            try {
                why = release(api, e.getKey(), e.getValue());
            } catch (IOException | RuntimeException x) {
                why = x.toString();
            }
            log.accept(
                    why == null
                            ? e.getKey() + ":" + e.getValue() + ": provisioned concurrency released"
                            : "WARNING: " + e.getKey() + ":" + e.getValue()
                                    + ": provisioned concurrency NOT released (" + why
                                    + "): it is billed while allocated; delete it with aws lambda "
                                    + "delete-provisioned-concurrency-config --function-name " + e.getKey()
                                    + " --qualifier " + e.getValue());
        }
    }

    synchronized boolean anyHeld() {
        return !held.isEmpty();
    }
}
