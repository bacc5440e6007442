package locallambda.runtime;

import java.util.concurrent.Future;

/**
 * Where one execution environment is, one type per state, each holding what is true only in it. Every move is refused
 * unless the state it starts from allows it (as the runtime interface emulator's core/states.go: a state type overrides
 * only the moves it permits); a move returns the next state, or null when refused. ExecutionEnvironment applies moves
 * under its monitor and handles each refusal where it asks.
 * <pre>
 * Starting -launched-> Initializing -polled-> Ready -handedOut-> Invoking -answered-> Returning -polled-> Ready
 *                           |                   ^
 *                     initTimedOut            polled
 *                           v                   |
 *                      InitRetrying ------------+        every state but Gone -ended-> Gone (final)
 * </pre>
 * Returning: the runtime answered and is on its way back to GET /next. Only a Ready environment is given an event: a
 * runtime that exits after its answer (the runtime client does after an OutOfMemoryError) goes Returning -> Gone.
 */
sealed interface EnvironmentState {
    /** How the init ended: its Init Duration (null when it was retried inside the first invocation). */
    record InitEnd(Double ms, boolean retried) {}

    /** An init error the runtime reported: what every invocation of the dead environment answers. */
    record InitError(byte[] body, String type) {}

    /** The runtime process was started; its init runs. */
    default EnvironmentState launched(Future<?> initLimit) {
        return null;
    }

    /**
     * The init passed its 10 s limit with inv waiting: the JVM is replaced and the init runs again inside inv (timeout:
     * inv's timer, null until it is handed out).
     */
    default EnvironmentState initTimedOut(Invocation inv, Future<?> timeout) {
        return null;
    }

    /** The runtime called GET /next; initMs is its Init Duration if this ends the init. */
    default EnvironmentState polled(double initMs) {
        return null;
    }

    /** An event is handed to the runtime (its timeout timer set). */
    default EnvironmentState handedOut(Invocation inv, Future<?> timeout) {
        return null;
    }

    /** The runtime answered the invocation it holds (response or error); tooLarge: its response was refused. */
    default EnvironmentState answered(boolean tooLarge) {
        return null;
    }

    /** The environment ends (the runtime exited, timed out, failed its init, or is killed); error: its init error. */
    default EnvironmentState ended(InitError error) {
        return new Gone(initEnd(), error);
    }

    /** How the init ended, or null while it runs (and for an environment that died in it). */
    default InitEnd initEnd() {
        return null;
    }

    /** The timer this state runs (init limit or invocation timeout), cancelled when the state is left; or null. */
    default Future<?> timer() {
        return null;
    }

    record Starting() implements EnvironmentState {
        @Override
        public EnvironmentState launched(Future<?> initLimit) {
            return new Initializing(initLimit);
        }
    }

    /** The JVM runs its init (on-demand: boosted CPU, see CpuShare) until its first GET /next. */
    record Initializing(Future<?> timer) implements EnvironmentState {
        @Override
        public EnvironmentState initTimedOut(Invocation inv, Future<?> timeout) {
            return new InitRetrying(inv, timeout);
        }

        @Override
        public EnvironmentState polled(double initMs) {
            return new Ready(new InitEnd(initMs, false));
        }
    }

    /** The second init, inside the first invocation (already handed out: in its Duration, under its timeout). */
    record InitRetrying(Invocation inv, Future<?> timer) implements EnvironmentState {
        @Override
        public EnvironmentState polled(double initMs) {
            // the invocation was handed out when the retry began: the runtime gets it now
            return new Invoking(new InitEnd(null, true), inv, timer);
        }

        @Override
        public EnvironmentState ended(InitError error) {
            return new Gone(new InitEnd(null, true), error);
        }
    }

    /** The runtime waits in GET /next: the only state in which an environment is given an event. */
    record Ready(InitEnd initEnd) implements EnvironmentState {
        @Override
        public EnvironmentState polled(double initMs) {
            return this; // a runtime that polls again (its connection was cut) is still ready
        }

        @Override
        public EnvironmentState handedOut(Invocation inv, Future<?> timeout) {
            return new Invoking(initEnd, inv, timeout);
        }
    }

    /** The runtime holds inv; the timer is inv's timeout. */
    record Invoking(InitEnd initEnd, Invocation inv, Future<?> timer) implements EnvironmentState {
        @Override
        public EnvironmentState answered(boolean tooLarge) {
            return new Returning(initEnd, inv, tooLarge);
        }
    }

    /**
     * The runtime answered last and has not polled again yet. tooLarge: last's response was refused with a 413, and
     * the error the runtime then reports for it is already handled.
     */
    record Returning(InitEnd initEnd, Invocation last, boolean tooLarge) implements EnvironmentState {
        @Override
        public EnvironmentState polled(double initMs) {
            return new Ready(initEnd);
        }
    }

    /** The JVM is dead or being killed; final. error: the init error it reported, if it died of one. */
    record Gone(InitEnd initEnd, InitError error) implements EnvironmentState {
        @Override
        public EnvironmentState ended(InitError error) {
            return null;
        }
    }
}
