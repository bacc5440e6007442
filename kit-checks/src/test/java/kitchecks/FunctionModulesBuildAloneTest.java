package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kit.testsupport.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds every CodeUri of the template the way `sam build` does: the folder copied ALONE (no root pom, no events/), then
 * `mvn clean install` and `mvn dependency:copy-dependencies -DincludeScope=runtime`. Prints the deployed zip size of each.
 * In between, `mvn dependency:analyze-only` checks that each module declares the dependencies its code uses, and no others.
 */
class FunctionModulesBuildAloneTest {

    record Built(String codeUri, Path copy, long zipBytes, List<String> jars) {}

    @Test
    void everyCodeUriBuildsFromACopyOfItsFolderAlone(@TempDir Path work) throws Exception {
        Map<String, List<String>> handlersByCodeUri = new TreeMap<>();
        for (Map<String, Object> function : Kit.functions().values()) {
            handlersByCodeUri
                    .computeIfAbsent((String) function.get("CodeUri"), k -> new ArrayList<>())
                    .add(((String) function.get("Handler")).split("::")[0]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, Future<Built>> builds = new TreeMap<>();
        for (String codeUri : handlersByCodeUri.keySet()) {
            builds.put(codeUri, pool.submit(() -> buildAlone(codeUri, work.resolve(codeUri.replace('/', '_')))));
        }
        pool.shutdown();

        Map<String, Built> results = new TreeMap<>();
        StringBuilder table = new StringBuilder("| CodeUri | deployed zip (bytes) | lib jars |\n|---|---:|---:|\n");
        for (Map.Entry<String, Future<Built>> entry : builds.entrySet()) {
            Built built = entry.getValue().get();
            results.put(entry.getKey(), built);
            table.append("| ")
                    .append(built.codeUri())
                    .append(" | ")
                    .append(built.zipBytes())
                    .append(" | ")
                    .append(built.jars().size())
                    .append(" |\n");
            for (String handler : handlersByCodeUri.get(entry.getKey())) {
                Path cls = built.copy().resolve("target/classes").resolve(handler.replace('.', '/') + ".class");
                assertTrue(Files.isRegularFile(cls), entry.getKey() + ": " + cls + " not built");
            }
            assertTrue(
                    built.jars().stream().anyMatch(j -> j.contains("aws-lambda-java-core")),
                    entry.getKey() + " does not ship aws-lambda-java-core: " + built.jars());
            assertFalse(built.jars().stream().anyMatch(j -> j.contains("junit")), entry.getKey() + " ships test jars");
        }
        System.out.println(table);

        Built full = results.get("functions/sdk-slimming/default");
        Built slim = results.get("functions/sdk-slimming/slim");
        assertTrue(slim.zipBytes() < full.zipBytes(), "slim must be smaller than default:\n" + table);
        assertFalse(
                slim.jars().stream().anyMatch(j -> j.contains("apache") || j.contains("netty")),
                "slim ships a client it excludes: " + slim.jars());
        assertTrue(full.jars().stream().anyMatch(j -> j.contains("apache")), "default should ship Apache");
    }

    private static Built buildAlone(String codeUri, Path copy) throws IOException, InterruptedException {
        Path source = Kit.ROOT.resolve(codeUri);
        copyTree(source, copy);
        Command.Result install =
                Command.run(copy, Duration.ofSeconds(900), Map.of(), false, "mvn", "-B", "-q", "clean", "install");
        assertEquals(
                0, install.exitCode(), codeUri + ": mvn clean install failed in a lone copy:\n" + install.output());
        // not -q: the warnings that name the dependencies are what a failure has to show
        Command.Result analyze = Command.run(
                copy,
                Duration.ofSeconds(600),
                Map.of(),
                false,
                "mvn",
                "-B",
                "dependency:analyze-only",
                "-DfailOnWarning=true");
        assertEquals(
                0,
                analyze.exitCode(),
                codeUri + " must declare exactly the dependencies its code uses:\n" + warnings(analyze.output()));
        Command.Result deps = Command.run(
                copy,
                Duration.ofSeconds(600),
                Map.of(),
                false,
                "mvn",
                "-B",
                "-q",
                "dependency:copy-dependencies",
                "-DincludeScope=runtime",
                "-Dmdep.prependGroupId=true");
        assertEquals(0, deps.exitCode(), codeUri + ": copy-dependencies failed:\n" + deps.output());
        List<String> jars = new ArrayList<>();
        Path dependency = copy.resolve("target/dependency");
        if (Files.isDirectory(dependency)) {
            try (Stream<Path> files = Files.list(dependency)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".jar"))
                        .sorted()
                        .forEach(jars::add);
            }
        }
        return new Built(codeUri, copy, zipSize(copy.resolve("target/classes"), dependency), jars);
    }

    private static String warnings(String mavenOutput) {
        return mavenOutput
                .lines()
                .filter(line -> line.contains("WARNING") || line.contains("ERROR"))
                .collect(Collectors.joining("\n"));
    }

    /** The deployed layout sam build zips: classes at the root, dependency jars under lib/. */
    static long zipSize(Path classes, Path dependency) throws IOException {
        Path zip = Files.createTempFile("deployed", ".zip");
        try (OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(file)) {
            add(out, classes, "");
            if (Files.isDirectory(dependency)) {
                add(out, dependency, "lib/");
            }
        }
        long size = Files.size(zip);
        Files.delete(zip);
        return size;
    }

    private static void add(ZipOutputStream out, Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(
                        new ZipEntry(prefix + dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.filter(p -> !from.relativize(p).startsWith("target")).forEach(p -> {
                try {
                    Path dest = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
