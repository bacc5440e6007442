package locallambda;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import locallambda.logs.LogStore;
import locallambda.registry.ArtifactBuilder;
import locallambda.registry.FunctionRegistry;
import locallambda.runtime.EnvironmentHost;
import locallambda.runtime.ExecutionEnvironment;
import locallambda.runtime.Invoker;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.InitType;
import locallambda.sandbox.JdkResolver;
import locallambda.sandbox.TmpIsolation;
import locallambda.template.FunctionConfig;

/**
 * The Invoker's factory: a started execution environment of a function, its artifact built first if --lazy-build left
 * it unbuilt. Holds only parts that exist before the server serves.
 */
final class EnvironmentFactory implements Invoker.Factory {
    private final FunctionRegistry registry;
    private final FunctionBuilds builds;
    private final Runtimes runtimes;
    private final Cgroups cgroups;
    private final TmpIsolation tmp;
    private final LogStore logs;
    private final ScheduledExecutorService timers;
    private final ExecutorService io;

    EnvironmentFactory(
            FunctionRegistry registry,
            FunctionBuilds builds,
            Runtimes runtimes,
            Cgroups cgroups,
            TmpIsolation tmp,
            LogStore logs,
            ScheduledExecutorService timers,
            ExecutorService io) {
        this.registry = registry;
        this.builds = builds;
        this.runtimes = runtimes;
        this.cgroups = cgroups;
        this.tmp = tmp;
        this.logs = logs;
        this.timers = timers;
        this.io = io;
    }

    @Override
    public ExecutionEnvironment create(FunctionConfig fn) throws Exception {
        return create(fn, InitType.ON_DEMAND);
    }

    @Override
    public ExecutionEnvironment create(FunctionConfig fn, InitType initType) throws Exception {
        ArtifactBuilder.Artifact a = registry.artifact(fn);
        if (a == null) {
            a = builds.build(fn, 1, 1);
        }
        if (a == null) {
            throw new IllegalStateException("build failed: " + registry.buildError(fn));
        }
        JdkResolver.Jdk jdk = runtimes.jdk(fn.runtime);
        if (jdk == null) {
            throw new IllegalStateException("no JDK for " + fn.runtime);
        }
        Path dir = runtimes.dir().toAbsolutePath();
        EnvironmentHost host = new EnvironmentHost(
                jdk, dir, runtimes.archive(jdk), runtimes.nativeLibrary(), cgroups, tmp, logs, timers, io);
        // a start that fails gives back what it took (JVM, Runtime API server, cgroups, channels, /tmp) itself
        return ExecutionEnvironment.start(fn, a.dir(), host, initType);
    }
}
