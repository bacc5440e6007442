package runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The host's speed during a run: a fixed CPU loop (scripts/lib/Calibrate.java) timed in a fresh JVM at the start,
 * between round-robin groups and at the end (run.json "calibration"). The drift between the slowest and the fastest
 * sample says how far differences between cells may be the host's, not the functions'.
 */
final class Calibration {
    /** A drift past this fraction is reported as a warning. */
    static final double DRIFT_LIMIT = 0.10;

    private final Path classes;
    private final String method;
    private final ArrayNode samples = Json.array();
    private final Consumer<String> log;

    private Calibration(Path classes, String method, Consumer<String> log) {
        this.classes = classes;
        this.method = method;
        this.log = log;
    }

    /** Compiles Calibrate.java; a calibration that measures nothing (with a warning) when it does not compile. */
    static Calibration compile(Path source, Consumer<String> log) {
        try {
            Path dir = Files.createTempDirectory("runner-calibrate");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            if (javac == null
                    || javac.run(null, null, err, "-d", dir.toString(), source.toString()) != 0) {
                log.accept("warning: " + source.getFileName() + " did not compile ("
                        + err.toString(StandardCharsets.UTF_8).replace('\n', ' ') + "); no calibration");
                delete(dir);
                return new Calibration(null, "", log);
            }
            String method = run(dir, "--method");
            return new Calibration(dir, method == null ? "" : method, log);
        } catch (IOException e) {
            log.accept("warning: no calibration: " + e.getMessage());
            return new Calibration(null, "", log);
        }
    }

    /** Times the loop once and keeps the sample under label. */
    void sample(String label) {
        if (classes == null) {
            return;
        }
        String ms = run(classes, null);
        if (ms == null || !ms.matches("[0-9.]+")) {
            log.accept("warning: the calibration loop failed at " + label);
            return;
        }
        ObjectNode s = samples.addObject();
        s.put("label", label);
        s.put("at", Facts.now());
        s.put("ms", Double.parseDouble(ms));
        String since = "";
        if (samples.size() > 1) {
            double first = samples.get(0).path("ms").asDouble();
            double last = s.path("ms").asDouble();
            since = " (first " + Format.ms(first) + " ms, " + Math.round((last - first) / first * 100) + "% since)";
        }
        log.accept("host speed (" + label + "): calibration loop " + ms + " ms" + since);
    }

    private static String run(Path dir, String arg) {
        try {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto",
                    "-cp",
                    dir.toString(),
                    "Calibrate"));
            if (arg != null) {
                cmd.add(arg);
            }
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** run.json's "calibration": {method, samples, drift} (drift null with fewer than two samples). */
    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("method", method);
        o.set("samples", samples.deepCopy());
        double drift = drift();
        if (Double.isNaN(drift)) {
            o.putNull("drift");
        } else {
            o.put("drift", drift);
        }
        return o;
    }

    /** (max - min) / min of the samples; NaN with fewer than two. */
    double drift() {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (JsonNode s : samples) {
            min = Math.min(min, s.path("ms").asDouble());
            max = Math.max(max, s.path("ms").asDouble());
        }
        return (max - min) / min;
    }

    /** The warning of a run whose host drifted past DRIFT_LIMIT, or null. */
    String driftWarning() {
        double d = drift();
        if (Double.isNaN(d) || d <= DRIFT_LIMIT) {
            return null;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (JsonNode s : samples) {
            min = Math.min(min, s.path("ms").asDouble());
            max = Math.max(max, s.path("ms").asDouble());
        }
        return "WARNING: the host's speed drifted " + Math.round(d * 100) + "% during this run (calibration loop "
                + Format.ms(min) + "-" + Format.ms(max) + " ms): differences of that size between cells are not the"
                + " functions' doing; re-run on a quiet machine before drawing conclusions";
    }

    /** Removes the compiled loop. */
    void close() {
        if (classes != null) {
            delete(classes);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
