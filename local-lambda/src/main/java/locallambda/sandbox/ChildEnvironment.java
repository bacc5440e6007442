package locallambda.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the function's environment variables out of the sandbox wrapper's shell. The wrapper (bash: enters the cgroups
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
    public static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    static final Path ENV = Paths.get("/usr/bin/env");

    private ChildEnvironment() {
    }

    /** Whether the user's variables go as env(1) arguments (a wrapper runs and env(1) exists). */
    public static boolean asArguments(boolean wrapped) {
        return wrapped && Files.isExecutable(ENV);
    }

    /** {@code /usr/bin/env -- K=V ... java ...}: the JVM's command with the user's variables added to its environment. */
    public static List<String> command(Map<String, String> userEnv, List<String> java) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ENV.toString());
        cmd.add("--");
        userEnv.forEach((k, v) -> {
            if (admissible(k)) cmd.add(k + "=" + v);
        });
        cmd.addAll(java);
        return cmd;
    }

    /** No wrapper: the JVM is started directly, its environment gets the user's variables. */
    public static void put(Map<String, String> env, Map<String, String> userEnv) {
        userEnv.forEach((k, v) -> {
            if (admissible(k)) env.put(k, v);
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
