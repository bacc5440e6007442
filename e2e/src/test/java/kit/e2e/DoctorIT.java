package kit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kit.testsupport.Command;
import org.junit.jupiter.api.Test;

/**
 * scripts/doctor.sh on this machine, which has everything the kit needs (scripts/test.sh checks the same tools before
 * it runs any test): every check prints its line and nothing needed is missing; with a tool taken off PATH it fails and
 * says how to install it.
 */
class DoctorIT {
    /** Every check of the local target, by the name its line carries. */
    static final List<String> LOCAL_CHECKS = List.of(
            "maven",
            "jdk (build)",
            "jdk java21",
            "jdk java25",
            "cgroup cpu",
            "port " + Kit.PORT,
            "maven cache",
            "aws",
            "jq",
            "python3",
            "curl",
            "moto_server",
            "disk",
            "cfn-lint",
            "shellcheck",
            "chromium");

    static Command.Result doctor(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String[] cmd = Stream.concat(
                        Stream.of(Kit.ROOT.resolve("scripts/doctor.sh").toString()), Stream.of(args))
                .toArray(String[]::new);
        return Kit.run(Duration.ofMinutes(1), env, cmd);
    }

    static boolean hasLine(String output, String status, String check) {
        return Pattern.compile("(?m)^" + status + " +" + Pattern.quote(check) + " ")
                .matcher(output)
                .find();
    }

    @Test
    void everyCheckPassesOnThisMachineWithinTenSeconds() throws Exception {
        long start = System.nanoTime();
        Command.Result r = doctor(Kit.localEnv());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exitCode(), r::toString);
        for (String check : LOCAL_CHECKS) {
            assertTrue(
                    hasLine(r.output(), "ok", check) || hasLine(r.output(), "warning", check),
                    () -> "no ok/warning line for " + check + ": " + r);
        }
        assertTrue(r.output().contains("doctor: everything needed is there"), r::toString);
        // the first call may compile locallambda.Doctor (the jar older than its sources): a few seconds more
        assertTrue(seconds < 15, "doctor took " + seconds + " s");
    }

    @Test
    void aToolMissingFromPathFailsAndSaysHowToInstallIt() throws Exception {
        // PATH as this machine's, without jq: a folder of links to every other command on it (removed here, not by
        // @TempDir, which warns about every link that points outside it)
        Path bin = Files.createTempDirectory("kit-doctor-path");
        try {
            assertJqMissing(bin);
        } finally {
            try (Stream<Path> s = Files.list(bin)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(bin);
        }
    }

    private static void assertJqMissing(Path bin) throws Exception {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.toList()) {
                    Path link = bin.resolve(p.getFileName().toString());
                    if (!p.getFileName().toString().equals("jq") && Files.isExecutable(p) && !Files.exists(link)) {
                        Files.createSymbolicLink(link, p);
                    }
                }
            }
        }
        Map<String, String> env = new HashMap<>(Kit.localEnv());
        env.put("PATH", bin.toString());
        Command.Result r = doctor(env);
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(hasLine(r.output(), "missing", "jq"), r::toString);
        assertTrue(r.output().contains("fix: apt-get install jq"), r::toString);
        assertTrue(r.output().contains("doctor: missing jq ("), () -> "only jq is missing: " + r);
    }

    @Test
    void awsTargetWithoutCredentialsSaysHowToConfigureThem() throws Exception {
        Map<String, String> env = new HashMap<>(Kit.localEnv());
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        Command.Result r = doctor(env, "--target", "aws");
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(hasLine(r.output(), "ok", "region"), r::toString);
        assertTrue(hasLine(r.output(), "missing", "credentials"), r::toString);
        assertTrue(r.output().contains("fix: aws configure"), r::toString);
        assertTrue(hasLine(r.output(), "missing", "stack"), r::toString);
        assertTrue(r.output().contains("lambda-tuning-kit"), () -> "samconfig.toml's stack name: " + r);
        // the local Lambda's checks are not the AWS target's
        assertTrue(!r.output().contains("cgroup cpu") && !r.output().contains("moto_server"), r::toString);
    }
}
