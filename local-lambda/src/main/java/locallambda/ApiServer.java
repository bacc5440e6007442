package locallambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import locallambda.api.ApiException;
import locallambda.api.Http;
import locallambda.api.LambdaApi;
import locallambda.api.LogsApi;
import locallambda.api.RequestGuard;
import locallambda.common.Json;
import locallambda.registry.FunctionRegistry;

/**
 * The server's one loopback port: the Lambda and Logs APIs behind the request guard, plus GetAccountSettings and
 * /_local/info. Routes by X-Amz-Target (Logs) and then by path; its requests run on the bounded API executor.
 */
final class ApiServer {
    private final HttpServer server;
    private final ExecutorService executor;
    private final LambdaApi lambda;
    private final LogsApi logsApi;
    private final FunctionRegistry registry;
    private final int maxEnvironments;
    private final Supplier<ObjectNode> info;
    private final Leases leases;

    /** Binds the port (0: any free one); {@link #start} serves from it, its requests run on executor. */
    ApiServer(
            int port,
            LambdaApi lambda,
            LogsApi logsApi,
            FunctionRegistry registry,
            int maxEnvironments,
            Supplier<ObjectNode> info,
            Leases leases,
            ExecutorService executor)
            throws IOException {
        this.leases = leases;
        this.lambda = lambda;
        this.logsApi = logsApi;
        this.registry = registry;
        this.maxEnvironments = maxEnvironments;
        this.info = info;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        RequestGuard guard = new RequestGuard(server.getAddress().getPort());
        server.createContext("/", ex -> guard.serve(ex, this::route));
        this.executor = executor;
        server.setExecutor(executor);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Stops taking requests (the first step of the shutdown). */
    void stopAccepting() {
        server.stop(0);
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (LogsApi.handles(ex)) {
            logsApi.handle(ex);
        } else if (LambdaApi.handles(path)) {
            lambda.handle(ex);
        } else if (path.equals("/_local/info")) {
            Http.json(ex, 200, info.get());
        } else if (path.equals(RequestGuard.LEASES_PATH)) {
            Leases.Answer a =
                    leases.handle(ex.getRequestMethod(), ex.getRequestURI().getRawQuery());
            Http.json(ex, a.status(), a.body());
        } else if (path.startsWith("/2016-08-19/account-settings")) {
            Http.json(ex, 200, accountSettings());
        } else {
            throw new ApiException(
                    404,
                    "ResourceNotFoundException",
                    "unknown path " + path + " (local Lambda serves /2015-03-31/functions, "
                            + "CloudWatch Logs via X-Amz-Target Logs_20140328.*, /_local/info and /_local/leases)");
        }
    }

    /** GetAccountSettings: the concurrency limit is --max-environments; the usage counts the template's functions. */
    private ObjectNode accountSettings() {
        ObjectNode o = Json.object();
        o.putObject("AccountLimit").put("ConcurrentExecutions", maxEnvironments).put("CodeSizeUnzipped", 262144000L);
        o.putObject("AccountUsage").put("FunctionCount", registry.size());
        return o;
    }
}
