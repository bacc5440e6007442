package locallambda.sandbox;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command that starts one execution environment's JVM inside its sandbox, and the environment it starts with. Pure:
 * it reads no file and opens nothing; the caller says which tools exist, which sockets are open and where the cgroups are.
 *
 * <p>The wrapper is a shell script run as {@code bash -c SCRIPT java ...} (or {@code sh} when only cgroups are entered):
 * <ol>
 * <li>inside {@code unshare -m --propagation private}, it bind-mounts the environment's own folder on /tmp (TmpIsolation);</li>
 * <li>it writes its pid into the environment's cgroups, so the JVM is limited and counted from its first instruction;</li>
 * <li>it points fd 1 and 2 at the server's stdout/stderr sockets;</li>
 * <li>LAST, it connects fd 3, the runtime client's telemetry channel: that connection is the moment the sandbox is
 * ready and the runtime starts, where Init Duration starts; anything after it would be counted in Init Duration;</li>
 * <li>it execs {@code "$0" "$@"}: env(1) with the user's variables, which execs the JVM (ChildEnvironment).</li>
 * </ol>
 */
public final class SandboxCommand {
    public static final Path BASH = Paths.get("/bin/bash");

    /**
     * Everything the command depends on.
     *
     * @param jvm             the JVM's own command line (RuntimeCommand)
     * @param cgroupProcs     the cgroup.procs files to enter (empty: no cgroups)
     * @param privateTmp      the folder mounted on /tmp, or null for the host's /tmp
     * @param telemetryPort   the loopback port of the fd 3 channel, or null (the runtime client then logs to stdout)
     * @param stdoutPort      the loopback ports of fd 1 and 2, or null (the JVM then writes to the process pipes)
     * @param envTool         whether /usr/bin/env exists (the user's variables then go as its arguments)
     * @param userVariables   the function's Environment.Variables
     */
    public record Spec(
            List<String> jvm,
            List<Path> cgroupProcs,
            Path privateTmp,
            Integer telemetryPort,
            Integer stdoutPort,
            Integer stderrPort,
            boolean envTool,
            ChildEnvironment.Settings runtime,
            Map<String, String> userVariables) {}

    /** The process's command line and its whole environment (nothing is inherited from the server). */
    public record Result(List<String> command, Map<String, String> environment) {}

    private SandboxCommand() {}

    public static Result build(Spec s) {
        List<String> cmd = new ArrayList<>();
        boolean wrapped = !s.cgroupProcs().isEmpty() || s.telemetryPort() != null || s.privateTmp() != null;
        if (wrapped) {
            if (s.privateTmp() != null) {
                cmd.addAll(List.of("/usr/bin/unshare", "-m", "--propagation", "private"));
            }
            cmd.add(s.telemetryPort() != null || s.privateTmp() != null ? BASH.toString() : "/bin/sh");
            cmd.add("-c");
            cmd.add(wrapperScript(s));
        }
        boolean userAsArguments = wrapped && s.envTool();
        cmd.addAll(userAsArguments ? ChildEnvironment.command(s.userVariables(), s.jvm()) : s.jvm());
        Map<String, String> env = ChildEnvironment.variables(s.runtime(), s.telemetryPort() != null);
        if (!userAsArguments) {
            ChildEnvironment.put(env, s.userVariables());
        }
        return new Result(List.copyOf(cmd), env);
    }

    /** The wrapper's script, in the order of the class comment; the fd 3 connection is always its last step before exec. */
    static String wrapperScript(Spec s) {
        StringBuilder sh = new StringBuilder();
        if (s.privateTmp() != null) {
            // runs inside `unshare -m`: this JVM's /tmp is its own folder (see TmpIsolation)
            sh.append("mount --bind '").append(s.privateTmp()).append("' /tmp && ");
        }
        // enter the environment's cgroups BEFORE the JVM exists, so its init is throttled and counted too
        for (Path p : s.cgroupProcs()) {
            sh.append("echo $$ > '").append(p).append("' && ");
        }
        // fd 1 and 2 over loopback sockets: what the JVM wrote before posting its response is then in the server's
        // socket buffer when the response arrives, and available() (free of the pipe stream's lock) tells whether it
        // is read.
        if (s.stderrPort() != null) {
            sh.append("exec 1>/dev/tcp/127.0.0.1/")
                    .append(s.stdoutPort())
                    .append(" 2>/dev/tcp/127.0.0.1/")
                    .append(s.stderrPort())
                    .append(" && ");
        }
        // fd 3 last: its connection is the moment the sandbox is ready and the runtime starts (Init Duration's start);
        // bash opens the TCP connection, the JVM inherits the descriptor
        if (s.telemetryPort() != null) {
            sh.append("exec 3>/dev/tcp/127.0.0.1/").append(s.telemetryPort()).append(" && ");
        }
        sh.append("exec \"$0\" \"$@\"");
        return sh.toString();
    }
}
