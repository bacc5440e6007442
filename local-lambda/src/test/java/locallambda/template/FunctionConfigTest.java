package locallambda.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionConfigTest {
    private static FunctionConfig echo() {
        FunctionConfig.Builder b = FunctionConfig.builder("EchoFunction");
        b.runtime = "java21";
        b.codeUri = Path.of("/code/echo");
        b.handler = "a.B::handleRequest";
        b.memoryMb = 512;
        b.timeoutSeconds = 30;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z", "1");
        env.put("A", "2");
        b.environment = env;
        return b.build();
    }

    @Test
    void anUpdateIsANewCopyAndLeavesTheOriginalAsItWas() {
        FunctionConfig before = echo();
        FunctionConfig after = before.updated(new FunctionConfig.Change(1024, null, null, "tuned", null));

        assertEquals(1024, after.memoryMb);
        assertEquals("tuned", after.description);
        assertEquals(30, after.timeoutSeconds, "a setting not named stays");
        assertEquals(before.handler, after.handler);
        assertEquals(before.environment, after.environment);
        assertEquals(before.generation + 1, after.generation);
        assertNotEquals(before.revisionId, after.revisionId);
        assertEquals("$LATEST", after.version);

        assertEquals(512, before.memoryMb, "the original is unchanged (an environment started with it keeps it)");
        assertEquals("", before.description);
        assertEquals(0, before.generation);
    }

    @Test
    void theEnvironmentKeepsItsOrderAndCannotBeChanged() {
        FunctionConfig fn = echo();
        assertEquals(List.of("Z", "A"), List.copyOf(fn.environment.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> fn.environment.put("B", "3"));

        Map<String, String> replacement = new LinkedHashMap<>(Map.of("K", "v"));
        FunctionConfig updated = fn.updated(new FunctionConfig.Change(null, null, null, null, replacement));
        replacement.put("LATER", "x");
        assertEquals(Map.of("K", "v"), updated.environment, "the update's map is copied");
    }

    @Test
    void aPublishedVersionIsAFrozenCopyWithItsOwnQualifier() {
        FunctionConfig latest = echo().updated(new FunctionConfig.Change(256, null, null, null, null));
        FunctionConfig v3 = latest.published(3);

        assertEquals("3", v3.version);
        assertEquals(256, v3.memoryMb);
        assertEquals(0, v3.generation);
        assertTrue(v3.versionArn().endsWith(":function:EchoFunction:3"));
        assertFalse(latest.versionArn().endsWith(":3"));
        assertEquals("$LATEST", latest.version);
    }

    @Test
    void everyGenerationOfAQualifierIsTheSameVersion() {
        FunctionConfig latest = echo();
        FunctionConfig updated = latest.updated(new FunctionConfig.Change(null, 5, null, null, null));
        assertTrue(latest.sameVersionAs(updated));
        assertFalse(latest.sameVersionAs(latest.published(1)));
        assertTrue(latest.published(1).sameVersionAs(updated.published(1)));
    }
}
