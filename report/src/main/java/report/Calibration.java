package report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The runner's host-speed calibration in run.json ("calibration": {"method", "samples": [{"label","at","ms"}], "drift"}):
 * the same fixed single-thread loop timed at the start, between techniques and at the end. Its median is the run's host
 * speed; its drift says how far the host's speed moved during the run. Absent or malformed: no calibration, silently.
 */
record Calibration(String method, List<Double> samplesMs, double drift) {
    /** Past this drift every table header warns: a 10% slower host reads as a 10% slower function. */
    static final double DRIFT_WARNING = 0.10;

    static Optional<Calibration> of(JsonNode run) {
        JsonNode c = run.path("calibration");
        List<Double> samples = new ArrayList<>();
        for (JsonNode s : c.path("samples")) {
            if (s.path("ms").isNumber() && s.path("ms").asDouble() > 0) {
                samples.add(s.path("ms").asDouble());
            }
        }
        if (samples.isEmpty() && !c.path("drift").isNumber()) {
            return Optional.empty();
        }
        // the runner's own drift figure wins; without it, the spread of the samples is the drift
        double drift = c.path("drift").isNumber()
                ? c.path("drift").asDouble()
                : samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                                / samples.stream()
                                        .mapToDouble(Double::doubleValue)
                                        .min()
                                        .orElseThrow()
                        - 1;
        return Optional.of(new Calibration(c.path("method").asText(""), List.copyOf(samples), drift));
    }

    /** The median of the samples; NaN when the runner recorded a drift but no samples. */
    double medianMs() {
        if (samplesMs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = samplesMs.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    boolean drifted() {
        return drift > DRIFT_WARNING;
    }

    String driftWarning() {
        return String.format(Locale.ROOT, "host speed drifted by %.0f%% during the run (treat with care)", drift * 100);
    }
}
