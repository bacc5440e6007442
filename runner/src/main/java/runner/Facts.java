package runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The facts run.json records of where a run ran: the machine, the local Lambda's /_local/info, the JDKs, the time. */
final class Facts {
    private Facts() {}

    /** The local Lambda's /_local/info (machine, CPU limit mode, JDKs, max environments). */
    static JsonNode localInfo(String endpoint) throws IOException, InterruptedException {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = c.send(
                HttpRequest.newBuilder(URI.create(endpoint + "/_local/info"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("no /_local/info at " + endpoint + " (HTTP " + r.statusCode() + ")");
        }
        return Json.MAPPER.readTree(r.body());
    }

    /** {cpuModel, cores, os}: the local Lambda's view of the machine when there is one, else this host's. */
    static ObjectNode machine(JsonNode info) {
        ObjectNode m = Json.object();
        m.put("cpuModel", info.hasNonNull("cpuModel") ? info.path("cpuModel").asText() : cpuModel());
        m.put("cores", info.hasNonNull("cores") ? info.path("cores").asInt() : Runtime.getRuntime().availableProcessors());
        m.put("os", uname());
        return m;
    }

    /** "java25: 25.0.3, java21: 21.0.9 (nearest)": the JDKs the local Lambda runs the functions on. */
    static String localJdks(JsonNode info) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : info.path("jdks").properties()) {
            JsonNode v = e.getValue();
            out.add(e.getKey() + ": " + (v.hasNonNull("version") ? v.path("version").asText() : "?")
                    + (v.path("exact").isBoolean() && !v.path("exact").asBoolean() ? " (nearest)" : ""));
        }
        return String.join(", ", out);
    }

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
        return "unknown";
    }

    /** `uname -srm`, as the scripts recorded it. */
    static String uname() {
        try {
            Process p = new ProcessBuilder("uname", "-srm").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return s;
        } catch (IOException e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return System.getProperty("os.name");
        }
    }

    /** The region the aws CLI uses: the one given, AWS_DEFAULT_REGION, or the profile's. */
    static String region(String given, Map<String, String> env) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        String r = env.get("AWS_DEFAULT_REGION");
        if (r != null && !r.isEmpty()) {
            return r;
        }
        try {
            Process p = new ProcessBuilder("aws", "configure", "get", "region")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return s;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Now, as run.json writes times (UTC, seconds). */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
