package report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a results/<run-id>/ folder in the runner's layout with the durations a test chooses. */
final class SyntheticRun {
    private SyntheticRun() {}

    /** One function: its technique, memory, and the durations of its cold then warm invocations. */
    record Fn(String name, String technique, String variant, int memory, double init, double[] durations) {}

    static Path write(Path dir, List<Fn> functions) throws IOException {
        return write(dir, functions, "");
    }

    /** As {@link #write(Path, List)}, with more run.json members (e.g. {@code ,"calibration":{...}}) appended. */
    static Path write(Path dir, List<Fn> functions, String moreRunJson) throws IOException {
        Files.createDirectories(dir.resolve("raw"));
        Files.createDirectories(dir.resolve("responses"));
        Files.writeString(
                dir.resolve("run.json"),
                "{\"runId\":\"" + dir.getFileName() + "\",\"startedAt\":\"2026-11-24T10:00:00Z\","
                        + "\"target\":\"local\",\"machine\":{\"cpuModel\":\"Test CPU\",\"cores\":2},\"cpuLimitMode\":\"cgroup-v1\","
                        + "\"jdk\":\"java25: 25.0.3\",\"cold\":1,\"warm\":3,\"status\":\"complete\"" + moreRunJson
                        + "}");
        List<String> entries = new ArrayList<>();
        for (Fn f : functions) {
            entries.add(String.format(
                    Locale.ROOT,
                    "{\"name\":\"%s\",\"technique\":\"%s\",\"variant\":\"%s\",\"memoryMB\":%d,"
                            + "\"architecture\":\"x86_64\",\"runtime\":\"java25\",\"codeSize\":1048576}",
                    f.name(),
                    f.technique(),
                    f.variant(),
                    f.memory()));
            StringBuilder tail = new StringBuilder();
            StringBuilder events = new StringBuilder("{\"events\":[");
            for (int i = 0; i < f.durations().length; i++) {
                String id = f.name() + "-" + i;
                double d = f.durations()[i];
                String line = String.format(
                        Locale.ROOT,
                        "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
                                + "Memory Size: %d MB\tMax Memory Used: 70 MB\t%s",
                        id,
                        d,
                        (long) Math.ceil(d + (i == 0 ? f.init() : 0)),
                        f.memory(),
                        i == 0 ? String.format(Locale.ROOT, "Init Duration: %.2f ms\t", f.init()) : "");
                tail.append("START RequestId: ").append(id).append(" Version: $LATEST\n");
                tail.append(line).append("\n");
                // CloudWatch holds the same records again: the report must count each invocation once
                events.append(i == 0 ? "" : ",")
                        .append("{\"message\":\"")
                        .append(line.replace("\t", "\\t"))
                        .append("\\n\"}");
            }
            Files.writeString(dir.resolve("raw").resolve(f.name() + ".tail.log"), tail);
            Files.writeString(dir.resolve("raw").resolve(f.name() + ".cloudwatch.json"), events.append("]}"));
        }
        Files.writeString(dir.resolve("functions.json"), "[" + String.join(",", entries) + "]");
        return dir;
    }
}
