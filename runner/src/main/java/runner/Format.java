package runner;

import java.util.Locale;

/** Numbers as the runners print them. */
final class Format {
    private Format() {}

    /** A duration as the REPORT line has it: up to 2 decimals, no trailing zeros ("1006.11", "3", "0.5"). */
    static String ms(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** A p50 as the cell summaries print it (two decimals), or "-" when there is none. */
    static String p50(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
