package locallambda.api;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import locallambda.common.Bounds;
import locallambda.runtime.Invocation;
import locallambda.runtime.Invoker;
import locallambda.template.FunctionConfig;

/**
 * Event invocations between their 202 and their end: at most Bounds.MAX_QUEUED_EVENTS at a time (the caller answers 429
 * past it), each run by an io thread under the request id the 202 announced, with throttles retried for up to a minute.
 */
final class EventQueue {
    private final Invoker invoker;
    private final ExecutorService async;
    /** Event invocations accepted (202) and not yet run to their end. */
    private final AtomicInteger queued = new AtomicInteger();

    EventQueue(Invoker invoker, ExecutorService async) {
        this.invoker = invoker;
        this.async = async;
    }

    /** Queues the invocation; false (nothing queued) when MAX_QUEUED_EVENTS are already waiting or running. */
    boolean offer(FunctionConfig fn, String requestId, byte[] payload, String invokedArn) {
        if (queued.incrementAndGet() > Bounds.MAX_QUEUED_EVENTS) {
            queued.decrementAndGet();
            return false;
        }
        try {
            async.execute(() -> {
                try {
                    run(fn, requestId, payload, invokedArn);
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            throw e;
        }
        return true;
    }

    private void run(FunctionConfig fn, String requestId, byte[] payload, String invokedArn) {
        // Lambda queues Event invocations and retries throttles; here: retry for up to a minute. Every attempt keeps
        // the request id the 202 announced.
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                invoker.invoke(fn, new Invocation(requestId, payload, null, invokedArn));
                return;
            } catch (Invoker.TooManyRequests t) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    System.err.println("local-lambda: Event invocation " + requestId + " of " + fn.name
                            + " dropped (shutting down)");
                    return;
                }
            } catch (Exception e) {
                System.err.println("local-lambda: async invocation " + requestId + " of " + fn.name + " failed: " + e);
                return;
            }
        }
        System.err.println("local-lambda: Event invocation " + requestId + " of " + fn.name
                + " dropped: still throttled after 60 attempts over a minute");
    }
}
