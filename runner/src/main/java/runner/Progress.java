package runner;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** "[n/total, about XmYYs left] ..." lines: the estimate once the run has gone 30 s, from the calls so far. */
final class Progress {
    private final int total;
    private final Consumer<String> log;
    private final LongSupplier clockSeconds;
    private final long started;
    private int done;

    Progress(int total, Consumer<String> log, LongSupplier clockSeconds) {
        this.total = total;
        this.log = log;
        this.clockSeconds = clockSeconds;
        this.started = clockSeconds.getAsLong();
    }

    void call(String what) {
        done++;
        long elapsed = clockSeconds.getAsLong() - started;
        String left = "";
        if (elapsed >= 30 && done < total) {
            long s = elapsed * (total - done) / done;
            left = String.format(", about %dm%02ds left", s / 60, s % 60);
        }
        log.accept("[" + done + "/" + total + left + "] " + what);
    }
}
