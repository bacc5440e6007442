package locallambda;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import locallambda.runtime.RuntimeArchive;
import locallambda.sandbox.JdkResolver;

/**
 * What every environment starts from, found once at start: the runtime jars, the RIC's JNI library, a JDK per Lambda
 * runtime of the template and one runtime CDS archive per JDK.
 *
 * @param dir the runtime jars (the runtime interface client and its dependencies)
 * @param nativeLibrary the RIC's JNI library, unpacked once for all environments, or null (none for this platform)
 * @param jdks by Lambda runtime (java21, java25): the JDK resolved for it, which may be none
 * @param archives by JDK home: that JDK's runtime archive, or a note why there is none
 */
record Runtimes(
        Path dir,
        Path nativeLibrary,
        Map<String, JdkResolver.Resolution> jdks,
        Map<Path, RuntimeArchive.Result> archives) {
    Runtimes {
        // in the template's order (served so by /_local/info)
        jdks = Collections.unmodifiableMap(new LinkedHashMap<>(jdks));
        archives = Collections.unmodifiableMap(new LinkedHashMap<>(archives));
    }

    /** The JDK of a Lambda runtime, or null when none is installed (its functions cannot start). */
    JdkResolver.Jdk jdk(String runtime) {
        JdkResolver.Resolution r = jdks.get(runtime);
        return r == null ? null : r.jdk();
    }

    /** The runtime archive of a JDK, or null. */
    Path archive(JdkResolver.Jdk jdk) {
        RuntimeArchive.Result a = archives.get(jdk.home());
        return a == null ? null : a.file();
    }
}
