package locallambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * The local Lambda: {@code java -jar local-lambda.jar [options]}; the options and their meaning are listed once, in
 * {@link Options#usage()}. A running server, made whole by {@link Startup} (which lists the start steps): every part
 * exists before the first request is served, and {@link #stop} gives back what the start took, in reverse order.
 */
public final class Main {
    private final ApiServer server;
    private final ServerInfo info;
    private final Teardown teardown;

    Main(ApiServer server, ServerInfo info, Teardown teardown) {
        this.server = server;
        this.info = info;
        this.teardown = teardown;
    }

    public static void main(String[] args) {
        Teardown teardown = new Teardown();
        // in place before the start takes anything: a server killed while starting still removes its cgroups and
        // children
        Runtime.getRuntime().addShutdownHook(new Thread(teardown::run, "local-lambda-shutdown"));
        try {
            new Startup(Options.parse(args), System.out, teardown).run();
        } catch (ServerLock.Taken e) {
            System.err.println("local-lambda: " + e.getMessage());
            System.exit(ServerLock.TAKEN);
        } catch (IllegalArgumentException e) {
            System.err.println("local-lambda: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("local-lambda: cannot start: " + e);
            teardown.run();
            System.exit(1);
        }
    }

    /**
     * Starts a server with these options, its start-up lines on out; returns once it serves. A start that fails gives
     * back what it took before it throws.
     */
    public static Main start(Options options, PrintStream out) throws Exception {
        Teardown teardown = new Teardown();
        try {
            return new Startup(options, out, teardown).run();
        } catch (Exception | Error e) {
            teardown.run();
            throw e;
        }
    }

    /** The loopback port of the Lambda and Logs APIs. */
    public int port() {
        return server.port();
    }

    /** What /_local/info serves. */
    public ObjectNode info() {
        return info.json();
    }

    /** Kills every child JVM, removes every cgroup, stops every thread and frees the state folder. Idempotent. */
    public void stop() {
        teardown.run();
    }
}
