package locallambda.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import locallambda.template.FunctionConfig;
import locallambda.template.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionRegistryTest {
    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              EchoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: java21
                  Handler: a.B::handleRequest
                  CodeUri: echo
                  MemorySize: 512
                  AutoPublishAlias: live
            """;

    private static FunctionRegistry registry(Path dir) throws Exception {
        Path t = dir.resolve("template.yaml");
        Files.writeString(t, TEMPLATE);
        FunctionRegistry registry = new FunctionRegistry();
        Template.load(t, "kit", Map.of(), null).functions.forEach(registry::register);
        return registry;
    }

    private static FunctionConfig.Change memory(int mb) {
        return new FunctionConfig.Change(mb, null, null, null, null);
    }

    @Test
    void anUpdateReplacesLatestAndTheOldCopyIsNoLongerServed(@TempDir Path dir) throws Exception {
        FunctionRegistry registry = registry(dir);
        FunctionConfig template = registry.function("EchoFunction");
        assertTrue(registry.isCurrent(template));

        FunctionRegistry.Update u = registry.update("EchoFunction", memory(1024));

        assertSame(template, u.before());
        assertSame(u.after(), registry.function("EchoFunction"));
        assertSame(template, registry.target(template, "$LATEST"), "$LATEST names the configuration passed");
        assertEquals(1024, registry.function("EchoFunction").memoryMb);
        assertEquals(512, template.memoryMb, "a reader of the old copy keeps it");
        assertFalse(registry.isCurrent(template));
        assertTrue(registry.isCurrent(u.after()));
        assertEquals(1, u.after().generation);
        assertEquals(1, registry.functions().size());
        assertSame(u.after(), registry.functions().get(0));
    }

    @Test
    void publishFreezesLatestAsItIsNow(@TempDir Path dir) throws Exception {
        FunctionRegistry registry = registry(dir);
        FunctionConfig template = registry.function("EchoFunction");
        assertEquals(512, registry.target(template, "live").memoryMb, "the alias's version 1 is the template's");

        registry.update("EchoFunction", memory(2048));
        FunctionConfig v2 = registry.publish(template); // names the function; $LATEST is read now
        assertEquals("2", v2.version);
        assertEquals(2048, v2.memoryMb);

        registry.update("EchoFunction", memory(128));
        assertSame(v2, registry.target(registry.function("EchoFunction"), "2"));
        assertEquals(2048, registry.target(template, "2").memoryMb, "a version does not follow later updates");
        assertTrue(registry.isCurrent(v2));

        assertSame(v2, registry.deleteVersion(template, "2"));
        assertFalse(registry.isCurrent(v2), "a deleted version's environments are not reused");
        assertNull(registry.target(template, "2"));
    }

    @Test
    void concurrentUpdatesAllApply(@TempDir Path dir) throws Exception {
        FunctionRegistry registry = registry(dir);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    registry.update("EchoFunction", memory(256));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1000, registry.function("EchoFunction").generation, "no update lost");
    }
}
