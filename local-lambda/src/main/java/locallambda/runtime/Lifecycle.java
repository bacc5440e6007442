package locallambda.runtime;

import java.util.EnumSet;
import java.util.Set;

/**
 * The phases of one execution environment, and the only ways between them:
 * <pre>
 * STARTING -> INITIALIZING -> READY <-> INVOKING
 *                  |            ^
 *                  v            |
 *             INIT_RETRYING ----+        (any phase) -> GONE, and GONE is final
 * </pre>
 * INITIALIZING: the JVM runs its init, until its first GET /next. INIT_RETRYING: the init passed Lambda's 10 s limit; the
 * JVM was replaced and its second init runs inside the first invocation (in its Duration, with no Init Duration).
 * READY: the runtime waits in GET /next; INVOKING: it holds an event. GONE: the JVM is dead or being killed.
 * A transition the diagram does not show is refused (returns false): a late callback of a dying environment changes nothing.
 * Thread-safe: the Runtime API threads, the timer threads and the invoking thread all move it.
 */
final class Lifecycle {
    enum Phase {
        STARTING,
        INITIALIZING,
        INIT_RETRYING,
        READY,
        INVOKING,
        GONE;

        boolean mayBecome(Phase next) {
            if (next == GONE) {
                return this != GONE;
            }
            return switch (this) {
                case STARTING -> next == INITIALIZING;
                case INITIALIZING -> next == READY || next == INIT_RETRYING;
                case INIT_RETRYING -> next == READY;
                case READY -> next == INVOKING;
                case INVOKING -> next == READY;
                case GONE -> false;
            };
        }
    }

    private Phase phase = Phase.STARTING;
    private final Set<Phase> reached = EnumSet.of(Phase.STARTING);

    /** Moves to next if the diagram allows it from the current phase; false (and no change) otherwise. */
    synchronized boolean to(Phase next) {
        if (!phase.mayBecome(next)) {
            return false;
        }
        phase = next;
        reached.add(next);
        return true;
    }

    /** Moves to next only from the given phase. */
    synchronized boolean to(Phase from, Phase next) {
        return phase == from && to(next);
    }

    synchronized Phase phase() {
        return phase;
    }

    /** Whether the environment was ever in phase p (e.g. READY: its runtime finished an init). */
    synchronized boolean reached(Phase p) {
        return reached.contains(p);
    }

    boolean alive() {
        return phase() != Phase.GONE;
    }

    /** The runtime finished an init (its first GET /next), whether or not the environment is gone since. */
    synchronized boolean initialized() {
        return reached.contains(Phase.READY);
    }
}
