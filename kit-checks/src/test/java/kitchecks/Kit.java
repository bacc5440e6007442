package kitchecks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import locallambda.template.CfnYaml;

/** Where the kit is, its template parsed, and a way to run its tools, for the checks. */
final class Kit {
    static final Path ROOT =
            Path.of(System.getProperty("kit.root", "..")).toAbsolutePath().normalize();

    private Kit() {}

    static Map<String, Object> template() throws IOException {
        return CfnYaml.load(Files.readString(ROOT.resolve("template.yaml"), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> functions() throws IOException {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        Map<String, Object> resources = (Map<String, Object>) template().get("Resources");
        resources.forEach((id, resource) -> {
            Map<String, Object> r = (Map<String, Object>) resource;
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                functions.put(id, (Map<String, Object>) r.get("Properties"));
            }
        });
        return functions;
    }

    /** The result of a command: exit code and everything it printed. */
    record Run(int exitCode, String output) {}

    static Run run(Path directory, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("kit-check", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(-2, command[0] + " could not be started (is it installed and on PATH?): " + e.getMessage());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
