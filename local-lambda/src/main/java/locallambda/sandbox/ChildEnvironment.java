package locallambda.sandbox;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The child's environment: the reserved keys, the runtime's variables in a documented merge order ({@link #variables}),
 * and the user's variables kept out of the sandbox wrapper's shell. The wrapper (bash: enters the cgroups
 * and the private /tmp, opens the log channels) runs with the server's own minimal environment only; the user's
 * variables reach the JVM as arguments of env(1), which the wrapper execs and which execs the JVM: no BASH_ENV, ENV,
 * SHELLOPTS, PATH or LD_PRELOAD of the user's is ever seen by bash, unshare or mount. (Those keys are refused at the API
 * anyway; this holds for the template's variables too.)
 */
public final class ChildEnvironment {
    /**
     * Environment variables the runtime sets and Lambda does not let a function configuration set (Lambda's documented
     * list of reserved keys). The API refuses them (ParameterValidation), the template drops them with a note (Template),
     * and the child never gets one from the user's variables (admissible).
     */
    public static final Set<String> RESERVED = Set.of(
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION",
            "AWS_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    public static final Path ENV = Paths.get("/usr/bin/env");

    private ChildEnvironment() {}

    /**
     * What the runtime tells the function about itself (the reserved variables' values) and where the sandbox's files are.
     *
     * @param runtimeApi host:port of the environment's Runtime API
     * @param home       HOME of the child (the server's own)
     * @param initType   why the environment's init runs (AWS_LAMBDA_INITIALIZATION_TYPE)
     */
    public record Settings(
            String functionName,
            String version,
            int memoryMb,
            String logGroup,
            String logStream,
            String logFormat,
            String runtime,
            String handler,
            String region,
            Path taskRoot,
            Path runtimeDir,
            Path jdkHome,
            String runtimeApi,
            String home,
            InitType initType) {}

    /**
     * The child's environment before the user's variables, built from nothing (the server's own environment is never
     * inherited). Merge order, later wins: (1) the host basics PATH, LANG, TZ; (2) the sandbox's paths LAMBDA_TASK_ROOT,
     * LAMBDA_RUNTIME_DIR, LD_LIBRARY_PATH; (3) the runtime's reserved values (function name, memory, version, log group
     * and stream, Runtime API, initialization type, log format, execution environment, region, handler); (4) dummy
     * credentials, X-Ray and HOME; (5) the telemetry descriptor when fd 3 is connected; (6) the user's variables, by
     * {@link #put} or {@link #command}: they may replace a basic of (1), (2) or (4), never a reserved key.
     */
    public static Map<String, String> variables(Settings r, boolean telemetryFd) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", r.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", r.runtimeDir().toString());
        env.put(
                "LD_LIBRARY_PATH",
                r.jdkHome().resolve("lib") + ":" + r.taskRoot().resolve("lib"));
        env.put("AWS_LAMBDA_FUNCTION_NAME", r.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(r.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", r.version());
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", r.logGroup());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", r.logStream());
        env.put("AWS_LAMBDA_RUNTIME_API", r.runtimeApi());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", r.initType().label);
        env.put("AWS_LAMBDA_LOG_FORMAT", r.logFormat());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + r.runtime());
        env.put("AWS_REGION", r.region());
        env.put("AWS_DEFAULT_REGION", r.region());
        env.put("_HANDLER", r.handler());
        env.put("AWS_ACCESS_KEY_ID", "ASIALOCALLAMBDAKEY00");
        env.put("AWS_SECRET_ACCESS_KEY", "local-lambda-dummy-secret");
        env.put("AWS_SESSION_TOKEN", "local-lambda-dummy-session-token");
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("HOME", r.home());
        if (telemetryFd) {
            env.put("_LAMBDA_TELEMETRY_LOG_FD", "3");
        }
        return env;
    }

    /** {@code /usr/bin/env -- K=V ... java ...}: the JVM's command with the user's variables added to its environment. */
    public static List<String> command(Map<String, String> userEnv, List<String> java) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ENV.toString());
        cmd.add("--");
        userEnv.forEach((k, v) -> {
            if (admissible(k)) {
                cmd.add(k + "=" + v);
            }
        });
        cmd.addAll(java);
        return cmd;
    }

    /** No wrapper: the JVM is started directly, its environment gets the user's variables. */
    public static void put(Map<String, String> env, Map<String, String> userEnv) {
        userEnv.forEach((k, v) -> {
            if (admissible(k)) {
                env.put(k, v);
            }
        });
    }

    /**
     * Reserved names are refused at the API and dropped from the template: never let one replace the runtime's value.
     * A name env(1) would misread (with '=' or empty) is never passed.
     */
    static boolean admissible(String k) {
        return !k.isEmpty() && k.indexOf('=') < 0 && k.indexOf('\0') < 0 && !RESERVED.contains(k);
    }
}
