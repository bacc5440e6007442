package locallambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {
    @Test
    void heapIsTheLargerOf85PercentAndMemoryMinus240() {
        assertEquals(108, JvmFlags.maxHeapMb(128));
        assertEquals(870, JvmFlags.maxHeapMb(1024));
        assertEquals(1529, JvmFlags.maxHeapMb(1769));
        assertEquals(2768, JvmFlags.maxHeapMb(3008));
        assertEquals(10000, JvmFlags.maxHeapMb(10240));
    }

    @Test
    void visibleCoresFollowLambdaAndTheHost() {
        assertEquals(2, JvmFlags.visibleCores(128, 8));
        assertEquals(2, JvmFlags.visibleCores(3008, 8));
        assertEquals(3, JvmFlags.visibleCores(3009, 8));
        assertEquals(6, JvmFlags.visibleCores(10240, 8));
        assertEquals(2, JvmFlags.visibleCores(10240, 2));
    }

    @Test
    void defaultsAreTheManagedRuntimes() {
        List<String> f = JvmFlags.runtimeFlags(512, false, "java25", 2, null);
        assertEquals(
                List.of(
                        "-XX:MaxHeapSize=435m",
                        "-XX:+UseSerialGC",
                        "-Xshare:auto",
                        "-XX:+TieredCompilation",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.net.preferIPv4Stack=true",
                        "-XX:ActiveProcessorCount=2"),
                f);
    }

    @Test
    void java25WithSnapStartKeepsFullTieredCompilation() {
        List<String> f = JvmFlags.runtimeFlags(512, true, "java25", 2, null);
        assertFalse(f.contains("-XX:TieredStopAtLevel=1"));
        assertTrue(JvmFlags.runtimeFlags(512, true, "java21", 2, null).contains("-XX:TieredStopAtLevel=1"));
    }

    @Test
    void userJavaToolOptionsWinOverTheDefaultsTheyAddress() {
        List<String> f =
                JvmFlags.runtimeFlags(512, false, "java25", 2, "-XX:TieredStopAtLevel=4 -XX:+UseParallelGC -Xmx300m");
        assertFalse(f.stream().anyMatch(s -> s.contains("Tiered")), f.toString());
        assertFalse(f.contains("-XX:+UseSerialGC"));
        assertFalse(f.stream().anyMatch(s -> s.startsWith("-XX:MaxHeapSize")));
        assertTrue(f.contains("-Djava.net.preferIPv4Stack=true"));
    }

    @Test
    void theRuntimeArchiveGoesWithXshareUnlessTheUserChoosesSharing() {
        Path jsa = Path.of("/state/cds/runtime.jsa");
        List<String> f = JvmFlags.runtimeFlags(512, false, "java25", 2, null, jsa);
        int archive = f.indexOf("-XX:SharedArchiveFile=" + jsa);
        assertTrue(archive >= 0 && f.indexOf("-Xshare:auto") == archive + 1, f.toString());
        List<String> off = JvmFlags.runtimeFlags(512, false, "java25", 2, "-Xshare:off", jsa);
        assertFalse(
                off.stream().anyMatch(s -> s.contains("Xshare") || s.contains("SharedArchiveFile")), off.toString());
    }
}
