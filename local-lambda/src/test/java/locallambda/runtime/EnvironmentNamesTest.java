package locallambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnvironmentNamesTest {
    @Test
    void idIs32LowercaseHexDigits() {
        String id = EnvironmentNames.newId();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertNotEquals(id, EnvironmentNames.newId());
    }

    @Test
    void logStreamNamesTheUtcDayAndTheVersion() {
        Instant lateEvening = Instant.parse("2026-12-01T23:59:59Z");
        assertEquals("2026/12/01/[$LATEST]abc", EnvironmentNames.logStream(lateEvening, "$LATEST", "abc"));
        assertEquals("2026/12/01/[3]abc", EnvironmentNames.logStream(lateEvening, "3", "abc"));
    }
}
