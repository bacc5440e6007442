package runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The aws CLI, as the scripts always called it: the AWS path's one client (credentials, profiles and regions work as the
 * user set them up; CliApi gives it the runners' operations). Every call goes to the endpoint given (local stand-ins in
 * the tests), or to AWS when none. {@link #stop} ends the call in flight and refuses new ones: a Ctrl-C or TERM ends a
 * run at once.
 */
class Aws {
    /** What a call printed and how it ended. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** The error output on one line. */
        String errLine() {
            return err.replace('\n', ' ').trim();
        }
    }

    private final String endpoint;
    private volatile boolean stopped;
    private volatile Process current;

    Aws(String endpoint) {
        this.endpoint = endpoint == null ? "" : endpoint;
    }

    /** One call: aws [--endpoint-url E] ARGS; its stdout goes to a string. */
    Result call(String... args) {
        return call(List.of(args));
    }

    Result call(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("aws"));
        if (!endpoint.isEmpty()) {
            cmd.addAll(List.of("--endpoint-url", endpoint));
        }
        cmd.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("runner-aws", ".out");
            err = Files.createTempFile("runner-aws", ".err");
            synchronized (this) {
                if (stopped) {
                    throw new Api.Stopped();
                }
                current = new ProcessBuilder(cmd)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            }
            int exit = current.waitFor();
            current = null;
            if (stopped) {
                throw new Api.Stopped();
            }
            return new Result(
                    exit,
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, "", "could not run aws: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Api.Stopped();
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** Ends the call in flight (and what it started) and refuses new ones. */
    void stop() {
        Process p;
        synchronized (this) {
            stopped = true;
            p = current;
        }
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean stopped() {
        return stopped;
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
