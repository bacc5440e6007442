package locallambda.runtime;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import locallambda.logs.LogStore;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.JdkResolver;
import locallambda.sandbox.TmpIsolation;

/**
 * What an execution environment uses from the server that starts it: the JDK resolved for its runtime and that JDK's
 * runtime CDS archive, the runtime jars and the RIC's JNI library, the cgroups, the log store and the two thread pools.
 * Shared by every environment of the same runtime; none of it belongs to one environment (EnvironmentResources holds
 * what does).
 *
 * @param jdk the JDK the runtime's JVM runs on
 * @param runtimeDir the runtime jars (absolute)
 * @param runtimeArchive the runtime's CDS archive for this JDK, or null
 * @param nativeLibrary the RIC's JNI library, unpacked once (see NativeClientLibrary), or null
 * @param cgroups where each environment's cgroups are created
 * @param tmp whether each environment gets a private /tmp (this server's choice)
 * @param logs where the environments' log streams are written
 * @param timers the init limit, invocation timeout and RSS watch timers
 * @param io the stream readers and the Runtime API servers' threads
 */
public record EnvironmentHost(
        JdkResolver.Jdk jdk,
        Path runtimeDir,
        Path runtimeArchive,
        Path nativeLibrary,
        Cgroups cgroups,
        TmpIsolation tmp,
        LogStore logs,
        ScheduledExecutorService timers,
        ExecutorService io) {}
