package runner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A runner's command line: options with one value each (the last one counts, or all of a repeatable one) and flags. */
final class Cli {
    /** Bad input: the message, the exit status, and whether the usage goes with it. */
    static final class Refused extends RuntimeException {
        final int status;
        final boolean withUsage;

        Refused(int status, String message) {
            this(status, message, false);
        }

        Refused(int status, String message, boolean withUsage) {
            super(message);
            this.status = status;
            this.withUsage = withUsage;
        }
    }

    /** The options both runners take alike. */
    static final Set<String> SHARED_VALUED = Set.of("--target", "--memory", "--cold", "--warm", "--region", "--run-id");

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    boolean help;

    private Cli() {}

    /** Reads args: valued options take the next word, flags none; anything else is refused with status badStatus. */
    static Cli parse(String[] args, Set<String> valued, Set<String> flagNames, int badStatus) {
        Cli cli = new Cli();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                cli.help = true;
            } else if (SHARED_VALUED.contains(a) || valued.contains(a)) {
                if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                    throw new Refused(badStatus, a + " needs a value");
                }
                cli.values.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
            } else if (a.equals("--no-report") || flagNames.contains(a)) {
                cli.flags.add(a);
            } else {
                throw new Refused(badStatus, "unknown argument: " + a, true);
            }
        }
        return cli;
    }

    /** The last value of an option, or null. */
    String value(String option) {
        List<String> v = values.get(option);
        return v == null ? null : v.get(v.size() - 1);
    }

    String value(String option, String fallback) {
        String v = value(option);
        return v == null ? fallback : v;
    }

    List<String> all(String option) {
        return values.getOrDefault(option, List.of());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** A whole number option (default when absent), refused with status when not one. */
    static int whole(String value, int fallback, int status, String message) {
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,6}")) {
            throw new Refused(status, message);
        }
        return Integer.parseInt(value);
    }

    /** "128,1769" as sizes; refused with status when not that shape. */
    static List<Integer> sizes(String value, int status, String message) {
        if (!value.matches("[0-9]{1,6}(,[0-9]{1,6})*")) {
            throw new Refused(status, message);
        }
        List<Integer> out = new ArrayList<>();
        for (String s : value.split(",")) {
            out.add(Integer.parseInt(s));
        }
        return out;
    }
}
