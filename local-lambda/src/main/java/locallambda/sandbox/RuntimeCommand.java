package locallambda.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM command of one execution environment, as the managed Java runtime starts it: {@code java}, the runtime's flags
 * ({@link JvmFlags}), the module options and class path of the runtime interface client (RIC), its main class, and the
 * handler as its one argument.
 */
public final class RuntimeCommand {
    /** The runtime interface client's main class: it polls the Runtime API and calls the handler. */
    public static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private RuntimeCommand() {}

    /**
     * The whole JVM command line of one environment.
     *
     * @param runtimeArchive the runtime's CDS archive for this JDK, or null
     * @param nativeLibrary  the RIC's JNI library unpacked once (NativeClientLibrary), or null
     */
    public static List<String> jvm(
            JdkResolver.Jdk jdk,
            int memoryMb,
            boolean snapStart,
            String runtime,
            int hostCores,
            String javaToolOptions,
            Path runtimeArchive,
            Path runtimeDir,
            Path nativeLibrary,
            String handler) {
        List<String> java = new ArrayList<>();
        java.add(jdk.java().toString());
        java.addAll(JvmFlags.runtimeFlags(memoryMb, snapStart, runtime, hostCores, javaToolOptions, runtimeArchive));
        java.addAll(classPathAndMain(jdk, runtimeDir, nativeLibrary));
        java.add(handler);
        return java;
    }

    /**
     * The tail of every environment's command line; the runtime CDS archive (RuntimeArchive) is valid only for exactly
     * this class path and these module options.
     */
    public static List<String> classPathAndMain(JdkResolver.Jdk jdk, Path runtimeDir, Path nativeLibrary) {
        List<String> l = new ArrayList<>();
        if (nativeLibrary != null) {
            l.add("-D" + NativeClientLibrary.PROPERTY + "=" + nativeLibrary);
        }
        if (jdk.feature() >= 22) {
            // the RIC loads its native client with System.load: JDK 24+ warns on every start unless native access is
            // granted (JEP 472); the managed runtime's own launch does not print that warning
            l.add("--enable-native-access=ALL-UNNAMED");
        }
        // The runtime client builds a FileDescriptor for the telemetry channel (_LAMBDA_TELEMETRY_LOG_FD) through a
        // private constructor: on JDK 17+ that needs java.io opened to it, else it silently logs to stdout, one event
        // per line.
        l.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        l.add("-cp");
        l.add(runtimeDir.toAbsolutePath().resolve("*").toString());
        l.add(RIC_MAIN);
        return l;
    }
}
