package locallambda.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogStoreTest {
    @Test
    void logStoreIsBounded() {
        LogStore store = new LogStore(10_000);
        for (int i = 0; i < 1000; i++) {
            store.append("g", "s" + (i % 3), i, "message " + i);
        }
        assertTrue(store.totalBytes() <= 10_000, "total " + store.totalBytes());
        assertTrue(store.dropped() > 0);
        // the newest are kept
        assertEquals(
                "message 999",
                store.events("g", "s0").get(store.events("g", "s0").size() - 1).message());
        String huge = "\u00e9".repeat(200_000); // 400 KB of UTF-8
        int n = LogStore.truncate(huge).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(n <= LogStore.MAX_EVENT_BYTES && n > LogStore.MAX_EVENT_BYTES - 4, "bytes " + n);
    }
}
