package kit.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one command for a test: in a folder, with extra environment, bounded in time, stdout and stderr merged. */
public final class Command {
    /** The exit code of a command stopped at its timeout (a real one is 0-255). */
    public static final int TIMED_OUT = -1;
    /** The exit code of a command that could not be started (not installed, not on PATH). */
    public static final int NOT_STARTED = -2;

    private Command() {}

    /** The result of a command: exit code and everything it printed. */
    public record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", output:\n" + output;
        }
    }

    /**
     * Runs the command and waits for it; past the timeout, stops it and its children. With echo, prints the command and
     * then its output to this JVM's stdout (the test report shows them).
     */
    public static Result run(Path directory, Duration timeout, Map<String, String> env, boolean echo, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile("kit-command", ".log");
        try {
            builder.redirectOutput(log.toFile());
            if (echo) {
                System.out.println("$ " + String.join(" ", command));
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return new Result(
                        NOT_STARTED,
                        command[0] + " could not be started (is it installed and on PATH?): " + e.getMessage());
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                return new Result(
                        TIMED_OUT,
                        "timed out after " + timeout + ": " + String.join(" ", command) + "\n"
                                + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (echo) {
                System.out.println(output);
            }
            return new Result(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
