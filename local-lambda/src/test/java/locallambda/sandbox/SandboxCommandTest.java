package locallambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox wrapper's command and environment, as golden text: no process is started. */
class SandboxCommandTest {
    private static final List<String> JVM = List.of(
            "/jdk/bin/java", "-Xshare:auto", "-cp", "/rt/*", RuntimeCommand.RIC_MAIN, "example.Handler::handleRequest");
    private static final List<Path> PROCS =
            List.of(Path.of("/cg/cpu/env1/cgroup.procs"), Path.of("/cg/memory/env1/cgroup.procs"));
    private static final ChildEnvironment.Settings RUNTIME = new ChildEnvironment.Settings(
            "Fn",
            "$LATEST",
            512,
            "/aws/lambda/Fn",
            "2026/01/01/[$LATEST]abc",
            "Text",
            "java21",
            "example.Handler::handleRequest",
            "us-east-1",
            Path.of("/task"),
            Path.of("/rt"),
            Path.of("/jdk"),
            "127.0.0.1:40000",
            "/home/u",
            InitType.ON_DEMAND);

    private static Map<String, String> user() {
        Map<String, String> u = new LinkedHashMap<>();
        u.put("KIT_A", "1");
        u.put("PATH", "/opt/bin"); // a basic: the user's value wins
        u.put("AWS_REGION", "eu-west-1"); // reserved: never passed
        u.put("BAD=KEY", "x"); // env(1) would misread it: never passed
        return u;
    }

    private static SandboxCommand.Spec spec(
            List<Path> procs, Path tmp, Integer fd3, Integer fd1, Integer fd2, boolean envTool) {
        return new SandboxCommand.Spec(JVM, procs, tmp, fd3, fd1, fd2, envTool, RUNTIME, user());
    }

    @Test
    void fullSandboxGolden() {
        SandboxCommand.Result r =
                SandboxCommand.build(spec(PROCS, Path.of("/state/tmp-env1"), 40003, 40001, 40002, true));
        List<String> expected = new ArrayList<>(List.of(
                "/usr/bin/unshare",
                "-m",
                "--propagation",
                "private",
                "/bin/bash",
                "-c",
                "mount --bind '/state/tmp-env1' /tmp && "
                        + "echo $$ > '/cg/cpu/env1/cgroup.procs' && echo $$ > '/cg/memory/env1/cgroup.procs' && "
                        + "exec 1>/dev/tcp/127.0.0.1/40001 2>/dev/tcp/127.0.0.1/40002 && "
                        + "exec 3>/dev/tcp/127.0.0.1/40003 && "
                        + "exec \"$0\" \"$@\"",
                "/usr/bin/env",
                "--",
                "KIT_A=1",
                "PATH=/opt/bin"));
        expected.addAll(JVM);
        assertEquals(expected, r.command());
        assertEquals(golden(true), r.environment(), "the user's variables travel as env(1) arguments only");
    }

    @Test
    void theTelemetryDescriptorIsConnectedLastBeforeTheJvm() {
        // Init Duration starts at the fd 3 connection: every other sandbox step must come before it
        String script =
                SandboxCommand.wrapperScript(spec(PROCS, Path.of("/state/tmp-env1"), 40003, 40001, 40002, true));
        String[] steps = script.split(" && ");
        assertEquals("exec \"$0\" \"$@\"", steps[steps.length - 1]);
        assertEquals("exec 3>/dev/tcp/127.0.0.1/40003", steps[steps.length - 2]);
        assertEquals(1, script.split("exec 3>", -1).length - 1);
    }

    @Test
    void withoutEnvToolTheUsersVariablesGoIntoTheProcessEnvironment() {
        SandboxCommand.Result r = SandboxCommand.build(spec(PROCS, null, 40003, null, null, false));
        List<String> expected = new ArrayList<>(List.of(
                "/bin/bash",
                "-c",
                "echo $$ > '/cg/cpu/env1/cgroup.procs' && echo $$ > '/cg/memory/env1/cgroup.procs' && "
                        + "exec 3>/dev/tcp/127.0.0.1/40003 && exec \"$0\" \"$@\""));
        expected.addAll(JVM);
        assertEquals(expected, r.command());
        Map<String, String> env = golden(true);
        env.put("KIT_A", "1");
        env.put("PATH", "/opt/bin");
        assertEquals(env, r.environment());
    }

    @Test
    void cgroupsOnlyUseShAndNoChannelsNoWrapperAtAll() {
        SandboxCommand.Result sh = SandboxCommand.build(spec(PROCS, null, null, null, null, true));
        assertEquals("/bin/sh", sh.command().get(0));
        assertFalse(sh.environment().containsKey("_LAMBDA_TELEMETRY_LOG_FD"));

        SandboxCommand.Result bare = SandboxCommand.build(spec(List.of(), null, null, null, null, true));
        assertEquals(JVM, bare.command(), "nothing to enter: the JVM is started directly");
        assertEquals("1", bare.environment().get("KIT_A"));
        assertEquals("us-east-1", bare.environment().get("AWS_REGION"));
        assertTrue(bare.environment().keySet().stream().noneMatch(k -> k.contains("=")));
    }

    /** The child's environment before the user's variables, in its documented merge order. */
    private static Map<String, String> golden(boolean telemetry) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        e.put("LANG", "en_US.UTF-8");
        e.put("TZ", ":UTC");
        e.put("LAMBDA_TASK_ROOT", "/task");
        e.put("LAMBDA_RUNTIME_DIR", "/rt");
        e.put("LD_LIBRARY_PATH", "/jdk/lib:/task/lib");
        e.put("AWS_LAMBDA_FUNCTION_NAME", "Fn");
        e.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        e.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        e.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/Fn");
        e.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]abc");
        e.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:40000");
        e.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        e.put("AWS_LAMBDA_LOG_FORMAT", "Text");
        e.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        e.put("AWS_REGION", "us-east-1");
        e.put("AWS_DEFAULT_REGION", "us-east-1");
        e.put("_HANDLER", "example.Handler::handleRequest");
        e.put("AWS_ACCESS_KEY_ID", "ASIALOCALLAMBDAKEY00");
        e.put("AWS_SECRET_ACCESS_KEY", "local-lambda-dummy-secret");
        e.put("AWS_SESSION_TOKEN", "local-lambda-dummy-session-token");
        e.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        e.put("HOME", "/home/u");
        if (telemetry) {
            e.put("_LAMBDA_TELEMETRY_LOG_FD", "3");
        }
        return e;
    }

    @Test
    void aProvisionedInitTellsTheFunctionSo() {
        ChildEnvironment.Settings provisioned = new ChildEnvironment.Settings(
                "Fn",
                "1",
                512,
                "/aws/lambda/Fn",
                "2026/01/01/[1]abc",
                "Text",
                "java25",
                "example.Handler::handleRequest",
                "us-east-1",
                Path.of("/task"),
                Path.of("/rt"),
                Path.of("/jdk"),
                "127.0.0.1:40000",
                "/home/u",
                InitType.PROVISIONED);
        assertEquals(
                "provisioned-concurrency",
                ChildEnvironment.variables(provisioned, false).get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        assertEquals("on-demand", ChildEnvironment.variables(RUNTIME, false).get("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }
}
