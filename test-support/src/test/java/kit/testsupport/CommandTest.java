package kit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

    @Test
    void runsInTheFolderWithTheEnvironmentAndMergesBothStreams(@TempDir Path dir) throws Exception {
        Command.Result r = Command.run(
                dir,
                Duration.ofSeconds(30),
                Map.of("KIT_X", "42"),
                false,
                "sh",
                "-c",
                "pwd; echo $KIT_X; echo err >&2; exit 3");
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals(dir.toRealPath() + "\n42\nerr\n", r.output());
    }

    @Test
    void stopsACommandAtItsTimeoutAndSaysSo(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        Command.Result r =
                Command.run(dir, Duration.ofMillis(300), Map.of(), false, "sh", "-c", "echo begun; sleep 30");
        assertEquals(Command.TIMED_OUT, r.exitCode(), r::toString);
        assertTrue(r.output().startsWith("timed out after PT0.3S: sh -c"), r.output());
        assertTrue(r.output().contains("begun"), "what it printed before: " + r.output());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "returned long before the sleep ended");
    }

    @Test
    void aCommandThatIsNotInstalledIsNotStarted(@TempDir Path dir) throws Exception {
        Command.Result r = Command.run(dir, Duration.ofSeconds(5), Map.of(), false, "no-such-command-in-the-kit");
        assertEquals(Command.NOT_STARTED, r.exitCode());
        assertTrue(r.output().startsWith("no-such-command-in-the-kit could not be started"), r.output());
    }
}
