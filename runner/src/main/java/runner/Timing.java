package runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import report.ReportLine;

/**
 * How much of a run's wall time its functions ran: the wall time since the runner started the run (the invoke loop,
 * the calibration samples, the log collection; not the start of the local Lambda or its builds, which a running one
 * skips) against the sum of the functions' own Init Duration (or Restore Duration) and Duration in the run's REPORT
 * records. What is left is the runner's and the platform's: configuration updates, calls, the host-speed samples.
 */
final class Timing {
    /** The figures at one moment. */
    record Figures(long wallMs, double functionMs) {
        /** Wall time per second of function time; 0 while the functions ran nothing. */
        double ratio() {
            return functionMs <= 0 ? 0 : wallMs / functionMs;
        }

        /** The line a run ends with. */
        String line() {
            return String.format(
                    Locale.ROOT,
                    "wall time %.1f s for %.1f s of the functions' own time (Init + Duration): %s",
                    wallMs / 1000.0,
                    functionMs / 1000.0,
                    functionMs <= 0 ? "no REPORT records" : String.format(Locale.ROOT, "%.2fx", ratio()));
        }

        /** run.json's "timing". */
        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("wallMs", wallMs);
            o.put("functionMs", Math.round(functionMs * 100) / 100.0);
            o.put("wallPerFunction", Math.round(ratio() * 100) / 100.0);
            return o;
        }
    }

    private final LongSupplier clockMs;
    private final long startMs;

    Timing(LongSupplier clockMs) {
        this.clockMs = clockMs;
        this.startMs = clockMs.getAsLong();
    }

    static Timing start() {
        return new Timing(() -> System.nanoTime() / 1_000_000);
    }

    /** The wall time so far against the function time of the tail logs' REPORT records (each log one text). */
    Figures figures(List<String> tailLogs) {
        double function = 0;
        for (String log : tailLogs) {
            for (ReportLine r : Invocation.reports(log)) {
                function += functionMs(r);
            }
        }
        return new Figures(clockMs.getAsLong() - startMs, function);
    }

    static double functionMs(ReportLine r) {
        double init = r.initDurationMs() != null
                ? r.initDurationMs()
                : r.restoreDurationMs() != null ? r.restoreDurationMs() : 0;
        return init + r.durationMs();
    }
}
