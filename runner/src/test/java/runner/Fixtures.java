package runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small techniques.json of made-up techniques, and a kit folder around it. */
final class Fixtures {
    private Fixtures() {}

    static Techniques techniques() {
        return new Techniques(List.of(
                technique("alpha", List.of(256, 1024), List.of(1024), true, false, true, "alpha"),
                technique("beta", List.of(128, 512, 1024, 3008), List.of(128, 3008), true, false, false, "beta+gamma"),
                technique("gamma", List.of(128, 512, 1024, 3008), List.of(128, 3008), true, true, false, "beta+gamma"),
                new Techniques.Technique(
                        "delta",
                        List.of(1024),
                        List.of(),
                        false,
                        "needs the real thing",
                        false,
                        true,
                        "delta",
                        Map.of("Primed", "live"),
                        List.of("DeltaPrimed1024Function"),
                        Map.of(),
                        Map.of())));
    }

    private static Techniques.Technique technique(
            String name,
            List<Integer> sizes,
            List<Integer> local,
            boolean runsLocally,
            boolean bucket,
            boolean comparesCold,
            String group) {
        return new Techniques.Technique(
                name,
                sizes,
                local,
                runsLocally,
                null,
                bucket,
                comparesCold,
                group,
                Map.of(),
                List.of(name + "Fn"),
                Map.of(),
                Map.of());
    }

    /** A kit root with events for every fixture technique but the ones left out, and PATH with the tools named. */
    static Kit kit(Path root, List<String> withoutEvents, List<String> tools) throws IOException {
        Path events = Files.createDirectories(root.resolve("events"));
        for (String t : List.of("alpha", "beta", "gamma", "delta")) {
            if (!withoutEvents.contains(t)) {
                Files.writeString(events.resolve(t + ".json"), "{}");
            }
        }
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String tool : tools) {
            Path p = Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
            p.toFile().setExecutable(true);
        }
        return new Kit(root, events, Map.of("PATH", bin.toString()));
    }
}
