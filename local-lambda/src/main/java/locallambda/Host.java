package locallambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/** What the server needs to know about the machine it runs on, and where its own files are. */
final class Host {
    private Host() {}

    /** What this host cannot do as Lambda does: not Linux (no cgroups), or an architecture the RIC has no native code for. */
    static List<String> limitations() {
        List<String> out = new ArrayList<>();
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase().contains("linux")) {
            out.add(
                    "host is " + os
                            + ", not Linux: no cgroups, so no CPU limit per memory size and Max Memory Used from the "
                            + "JVM only where /proc exists. The APIs, logs and timing still work. For CPU scaling run on Linux as root.");
        }
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            out.add("architecture " + arch
                    + ": the runtime interface client ships native code for x86_64 and aarch64 only; "
                    + "functions will probably fail to start");
        }
        return out;
    }

    /** The CPU model from /proc/cpuinfo, else os.arch. */
    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    /** Whether dir holds the runtime interface client's jar. */
    static boolean hasRuntimeClient(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"));
        } catch (IOException e) {
            return false;
        }
    }

    /** -Dlocallambda.runtimeDir, else runtime/ next to the jar (or to target/classes). */
    static Path defaultRuntimeDir() {
        String prop = System.getProperty("locallambda.runtimeDir");
        if (prop != null) {
            return Paths.get(prop);
        }
        try {
            Path jar = Paths.get(Host.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path base = Files.isDirectory(jar)
                    ? jar.getParent()
                    : jar.getParent(); // target/classes or target/local-lambda.jar
            return base.resolve("runtime");
        } catch (Exception e) {
            return null;
        }
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
