package locallambda;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * What a server took, to give back in reverse order: each start step that takes something (the lock, threads, cgroups,
 * the keeper, environments, the port) registers its undo as soon as it holds it. So a start that fails half way, a
 * server killed while starting (the shutdown hook runs this) and a normal stop all give back exactly what was taken,
 * once, without asking which parts exist.
 */
final class Teardown {
    private record Step(String name, Runnable undo) {}

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean done;

    /** Registers how to give part back; returns part, so that a step can take and register in one expression. */
    synchronized <T> T add(String name, T part, Consumer<T> undo) {
        if (done) {
            // the server is being stopped while this step ran: give it back at once
            undo.accept(part);
            return part;
        }
        steps.push(new Step(name, () -> undo.accept(part)));
        return part;
    }

    /** Gives everything back, the last taken first; later calls do nothing. One failing step does not stop the rest. */
    void run() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        // outside the monitor: a step may wait for threads that register nothing but must not block add()'s callers
        for (Step s = next(); s != null; s = next()) {
            try {
                s.undo().run();
            } catch (RuntimeException e) {
                System.err.println("local-lambda: stop: " + s.name() + " failed: " + e);
            }
        }
    }

    private synchronized Step next() {
        return steps.poll();
    }
}
