package locallambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class CgroupsTest {
    @Test
    void groupsOfAServerThatDiedAreRemoved() throws Exception {
        Path v1 = Paths.get("/sys/fs/cgroup/cpu");
        assumeTrue(
                Files.isWritable(v1) && Files.isRegularFile(v1.resolve("cpu.cfs_quota_us")),
                "needs a writable cgroup v1 cpu hierarchy");
        long dead = 4_000_000;
        while (ProcessHandle.of(dead).isPresent()) {
            dead++;
        }
        Path group = v1.resolve("local-lambda-" + dead);
        Path env = Files.createDirectories(group.resolve("0123456789abcdef0123456789abcdef"));
        Path alive = Files.createDirectories(
                v1.resolve("local-lambda-" + ProcessHandle.current().pid() + "-not-a-server"));
        // this JVM is not started as a local Lambda (no locallambda.Main on its command line), as the tests' servers
        Path live = v1.resolve("local-lambda-" + ProcessHandle.current().pid());
        boolean made = !Files.exists(live);
        Files.createDirectories(live);
        try {
            assertTrue(Cgroups.removeStale().contains(group));
            assertFalse(Files.exists(env) || Files.exists(group), "the stale group and its environment group are gone");
            assertTrue(Files.exists(alive), "a group that is not '<prefix><dead pid>' stays");
            assertTrue(Files.exists(live), "the group of a live process that made it stays, whatever its command line");
        } finally {
            if (made) {
                Files.deleteIfExists(live);
            }
            Files.deleteIfExists(alive);
            Files.deleteIfExists(env);
            Files.deleteIfExists(group);
        }
    }
}
