package report;

import java.util.Locale;

/** Number formats of the tables: milliseconds with two decimals, money in USD, sizes in MB. */
final class Format {
    private Format() {}

    static String ms(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, "%.2fx", value);
    }

    static String usd(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "$%.4f", value);
    }

    static String mb(long bytes) {
        return bytes <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", bytes / 1_048_576.0);
    }

    static String whole(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }
}
