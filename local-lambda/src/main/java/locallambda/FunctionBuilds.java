package locallambda;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import locallambda.registry.ArtifactBuilder;
import locallambda.registry.FunctionRegistry;
import locallambda.sandbox.JdkResolver;
import locallambda.template.FunctionConfig;

/**
 * The functions' builds: each CodeUri built by the ArtifactBuilder with its runtime's JDK, the artifact or the failure
 * recorded in the registry, one line per build on the server's output and a warning per failure. Used at start
 * (eager builds) and by the Invoker's factory (a function not built yet).
 */
final class FunctionBuilds {
    private final ArtifactBuilder builder;
    private final FunctionRegistry registry;
    private final Map<String, JdkResolver.Resolution> jdks;
    private final PrintStream out;
    private final List<String> warnings;

    FunctionBuilds(
            ArtifactBuilder builder,
            FunctionRegistry registry,
            Map<String, JdkResolver.Resolution> jdks,
            PrintStream out,
            List<String> warnings) {
        this.builder = builder;
        this.registry = registry;
        this.jdks = jdks;
        this.out = out;
        this.warnings = warnings;
    }

    /** Builds every CodeUri once, before the first invocation (--lazy-build leaves it to the first invocation). */
    void buildAll() {
        Map<String, FunctionConfig> byCode = new LinkedHashMap<>();
        for (FunctionConfig f : registry.functions()) {
            byCode.putIfAbsent(f.codeUri.toString(), f);
        }
        int i = 0;
        for (FunctionConfig f : byCode.values()) {
            i++;
            build(f, i, byCode.size());
        }
    }

    /** Builds f's CodeUri ("build i/n: ..."), records the artifact or the failure in the registry; null when it failed. */
    ArtifactBuilder.Artifact build(FunctionConfig f, int i, int n) {
        JdkResolver.Resolution r = jdks.get(f.runtime);
        out.print("build " + i + "/" + n + ": " + f.codeUri + " ... ");
        out.flush();
        try {
            if (!Files.isDirectory(f.codeUri)) {
                throw new ArtifactBuilder.BuildException("CodeUri folder " + f.codeUri + " does not exist");
            }
            ArtifactBuilder.Artifact a = builder.build(f.codeUri, r == null ? null : r.jdk());
            registry.built(f, a);
            out.println(
                    a.fromCache()
                            ? "cached (" + a.codeSize() + " bytes zipped)"
                            : String.format(
                                    Locale.ROOT, "built in %.1f s (%d bytes zipped)", a.seconds(), a.codeSize()));
            return a;
        } catch (Exception e) {
            registry.buildFailed(f, e.getMessage());
            out.println("FAILED: " + e.getMessage());
            warnings.add("build of " + f.codeUri + " failed");
            return null;
        }
    }
}
