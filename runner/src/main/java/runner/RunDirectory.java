package runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A run's directory under results/, made once: named by --run-id or by the time and kind of run, refused when it exists
 * (a run never writes into another's results), with raw/ and responses/ and the run's settings stamped with its start.
 */
final class RunDirectory {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunDirectory() {}

    /**
     * Creates results/RUN-ID and writes the settings there; {@code kind} names a run without --run-id (e.g. "local",
     * "tune-aws"), {@code refusedExit} is the exit status of the command when the directory exists.
     */
    static Path create(Path kitRoot, String runId, String kind, int refusedExit, ObjectNode settings)
            throws IOException {
        String id = runId.isEmpty() ? STAMP.format(Instant.now()) + "-" + kind : runId;
        Path dir = kitRoot.resolve("results").resolve(id);
        if (Files.exists(dir)) {
            throw new Cli.Refused(refusedExit, "results/" + id + " exists already; pick another --run-id");
        }
        Files.createDirectories(dir.resolve("raw"));
        Files.createDirectories(dir.resolve("responses"));
        settings.put("runId", id);
        settings.put("startedMs", System.currentTimeMillis());
        settings.put("startedAt", Facts.now());
        Json.write(dir.resolve(Experiments.SETTINGS), settings);
        return dir;
    }
}
