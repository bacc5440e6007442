package report;

import java.util.Locale;
import java.util.Optional;

/**
 * How far apart two runs' hosts were, and so how much a cell may move between them with no change to its code. The
 * calibration loop is single-thread CPU work, so it says how much the host's speed moves CPU work, and nothing about a
 * sleep, which takes as long on any host. Its samples are instants: a cell of run A ran somewhere between A's fastest
 * and slowest sample, a cell of B between B's, so CPU work may be slower by up to B's slowest over A's fastest sample
 * and faster by up to B's fastest over A's slowest. A run's drift thus widens the gap as much as the other host does.
 */
record HostGap(Optional<Calibration> before, Optional<Calibration> after) {

    /** A range of after/before ratios. */
    record Band(double low, double high) {
        boolean contains(double ratio) {
            return ratio >= low && ratio <= high;
        }
    }

    /** Whether both runs timed the loop at least once: without, nothing can be said of their hosts. */
    boolean known() {
        return timed(before) && timed(after);
    }

    private static boolean timed(Optional<Calibration> c) {
        return c.isPresent() && !c.get().samplesMs().isEmpty();
    }

    /** The ratios all-CPU work may show between the runs with the same code: [1, 1] when a calibration is missing. */
    Band cpu() {
        if (!known()) {
            return new Band(1, 1);
        }
        return new Band(min(after) / max(before), max(after) / min(before));
    }

    /**
     * The ratios a cell may show with the same code, when {@code waitShare} of its Duration is waiting the host's speed
     * does not move: only the rest scales. The band always holds 1, as a cell the registry does not know may be waiting
     * on I/O the host does not move either; so a cell is beyond the host only when it moved further than its CPU part
     * could have, in either direction.
     */
    Band of(double waitShare) {
        double cpuShare = 1 - Math.max(0, Math.min(1, waitShare));
        Band cpu = cpu();
        return new Band(Math.min(1, 1 + cpuShare * (cpu.low() - 1)), Math.max(1, 1 + cpuShare * (cpu.high() - 1)));
    }

    /** The sentence for the comparison's note: both hosts' speeds and drifts, and what that gap allows. */
    String note(String nameA, String nameB) {
        if (!known()) {
            String missing =
                    !timed(before) && !timed(after) ? "Neither run has" : (timed(before) ? nameB : nameA) + " has no";
            return " Durations as measured. " + missing
                    + " host-speed calibration: the verdicts assume both hosts ran CPU work equally fast.";
        }
        Band cpu = cpu();
        double r = after.orElseThrow().medianMs() / before.orElseThrow().medianMs();
        return String.format(
                Locale.ROOT,
                " Durations as measured, not scaled: only CPU work runs at the host's speed, a sleep or a wait on"
                        + " another process does not. Host speed (calibration loop, median and range): %s %s; %s %s;"
                        + " %s's host was %s. With the same code, CPU work may thus take %.2f to %.2f times as long in"
                        + " %s; a cell is 'real' only when its p passes and its p50 ratio lies outside the range its"
                        + " CPU part allows (column 'host allows': from 1 to that gap, narrowed by the share of its"
                        + " Duration the registry declares as waiting, variants[].waitMs); 'host gap' when its p"
                        + " passes but the gap can explain the change.",
                nameA,
                speed(before.orElseThrow()),
                nameB,
                speed(after.orElseThrow()),
                nameB,
                Math.abs(r - 1) < 0.005
                        ? "as fast"
                        : r > 1
                                ? String.format(Locale.ROOT, "%.0f%% slower", (r - 1) * 100)
                                : String.format(Locale.ROOT, "%.0f%% faster", (1 / r - 1) * 100),
                cpu.low(),
                cpu.high(),
                nameB);
    }

    private static String speed(Calibration c) {
        return String.format(
                Locale.ROOT,
                "%.1f ms (%.1f-%.1f ms over %d sample%s, drift %.0f%%)",
                c.medianMs(),
                min(Optional.of(c)),
                max(Optional.of(c)),
                c.samplesMs().size(),
                c.samplesMs().size() == 1 ? "" : "s",
                c.drift() * 100);
    }

    private static double min(Optional<Calibration> c) {
        return c.orElseThrow().samplesMs().stream()
                .mapToDouble(Double::doubleValue)
                .min()
                .orElseThrow();
    }

    private static double max(Optional<Calibration> c) {
        return c.orElseThrow().samplesMs().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElseThrow();
    }
}
