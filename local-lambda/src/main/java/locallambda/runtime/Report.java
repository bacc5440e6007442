package locallambda.runtime;

import java.util.Locale;

/**
 * The billing rule behind the REPORT line, and its number format: 1 ms granularity, and since 1 Aug 2025 the INIT phase
 * is billed too, so a cold start bills ceil(Duration + Init Duration). The lines themselves: PlatformLog.
 */
final class Report {
    private Report() {}

    /** Billed duration in ms: ceil(duration) warm, ceil(duration + init) cold (initMs null = warm). */
    static long billedMs(double durationMs, Double initMs) {
        double total = durationMs + (initMs == null ? 0 : initMs);
        return Math.max(1, (long) Math.ceil(total - 1e-9));
    }

    /** A duration as the text lines show it: two decimals. */
    static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
