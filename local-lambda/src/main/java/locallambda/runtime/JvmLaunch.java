package locallambda.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import locallambda.sandbox.ChildEnvironment;
import locallambda.sandbox.InitType;
import locallambda.sandbox.RuntimeCommand;
import locallambda.sandbox.SandboxCommand;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;

/**
 * How one environment's JVM is launched, as the managed Java runtime launches it: the sandbox wrapper's command and
 * environment (SandboxCommand over RuntimeCommand and ChildEnvironment) as a ProcessBuilder whose working directory is the
 * artifact, and the runtime version its INIT_START line names. Opens nothing: the ports, cgroups and private /tmp are
 * the environment's, taken before (EnvironmentResources).
 */
final class JvmLaunch {
    /**
     * What belongs to the one environment being launched.
     *
     * @param logStream the environment's log stream name
     * @param apiPort the loopback port of its Runtime API server
     * @param cgroupProcs the cgroup.procs files the wrapper enters (empty: no cgroups)
     * @param telemetryPort the fd 3 channel's port, or null
     * @param stdoutPort the fd 1 channel's port, or null
     * @param stderrPort the fd 2 channel's port, or null
     * @param privateTmp the folder mounted on /tmp, or null
     * @param initType on-demand, or provisioned concurrency (initialised at allocation)
     */
    record Sandbox(
            String logStream,
            int apiPort,
            List<Path> cgroupProcs,
            Integer telemetryPort,
            Integer stdoutPort,
            Integer stderrPort,
            Path privateTmp,
            InitType initType) {}

    private JvmLaunch() {}

    /** The launcher: the wrapper's command, run in the artifact with only the environment it builds (none inherited). */
    static ProcessBuilder processBuilder(FunctionConfig fn, Path artifact, EnvironmentHost host, Sandbox sandbox) {
        SandboxCommand.Result command = SandboxCommand.build(spec(fn, artifact, host, sandbox));
        ProcessBuilder pb = new ProcessBuilder(command.command()).directory(artifact.toFile());
        pb.environment().clear();
        pb.environment().putAll(command.environment());
        return pb;
    }

    static SandboxCommand.Spec spec(FunctionConfig fn, Path artifact, EnvironmentHost host, Sandbox sandbox) {
        List<String> jvm = RuntimeCommand.jvm(
                host.jdk(),
                fn.memoryMb,
                // java25 keeps full tiered compilation with SnapStart and under provisioned concurrency alike
                fn.snapStart || sandbox.initType() == InitType.PROVISIONED,
                fn.runtime,
                host.cgroups().hostCores(),
                fn.environment.get("JAVA_TOOL_OPTIONS"),
                host.runtimeArchive(),
                host.runtimeDir(),
                host.nativeLibrary(),
                fn.handler);
        ChildEnvironment.Settings runtime = new ChildEnvironment.Settings(
                fn.name,
                fn.version,
                fn.memoryMb,
                fn.logGroup,
                sandbox.logStream(),
                fn.logFormat,
                fn.runtime,
                fn.handler,
                Arns.REGION,
                artifact,
                host.runtimeDir(),
                host.jdk().home(),
                "127.0.0.1:" + sandbox.apiPort(),
                System.getProperty("user.home"),
                sandbox.initType());
        return new SandboxCommand.Spec(
                jvm,
                sandbox.cgroupProcs(),
                sandbox.privateTmp(),
                sandbox.telemetryPort(),
                sandbox.stdoutPort(),
                sandbox.stderrPort(),
                Files.isExecutable(ChildEnvironment.ENV),
                runtime,
                fn.environment);
    }

    /** INIT_START's "Runtime Version": the runtime with a local build, "java21" -> "java:21.local". */
    static String runtimeVersion(String runtime) {
        return runtime.replace("java", "java:") + ".local";
    }

    /** INIT_START's "Runtime Version ARN": a local one naming the JDK's version. */
    static String runtimeVersionArn(String jdkVersion) {
        return Arns.runtimeVersion("local-" + jdkVersion);
    }
}
