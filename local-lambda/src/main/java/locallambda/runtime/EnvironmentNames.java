package locallambda.runtime;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** An environment's names, as Lambda forms them: a 32-hex-digit id and the log stream "yyyy/MM/dd/[version]id". Pure. */
final class EnvironmentNames {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private EnvironmentNames() {}

    /** A random id of 32 lowercase hex digits. */
    static String newId() {
        StringBuilder b = new StringBuilder(32);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 32; i++) {
            b.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return b.toString();
    }

    /** The log stream of an environment started at {@code start} (UTC day) for a version ("$LATEST" or "3"). */
    static String logStream(Instant start, String version, String id) {
        return DAY.format(start) + "/[" + version + "]" + id;
    }
}
