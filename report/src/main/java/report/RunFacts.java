package report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The line under every table heading: where and how the run measured. The CPU-limit mode of the environments comes
 * with the CPU mode of their Init phase (initCpuMode) when the runner recorded it, and a drifting host is named in every
 * header, not once, because a table is often read alone. Fields run.json lacks are left out.
 */
final class RunFacts {
    private RunFacts() {}

    static String of(RunData run) {
        List<String> parts = new ArrayList<>();
        parts.add("run " + run.fact("runId"));
        parts.add(run.fact("startedAt"));
        parts.add("target " + run.fact("target"));
        parts.add(String.format(
                Locale.ROOT,
                "machine %s (%s cores)",
                run.run.path("machine").path("cpuModel").asText("?"),
                run.run.path("machine").path("cores").asText("?")));
        parts.add("JDK " + run.fact("jdk"));
        String cpu = "CPU limit " + run.fact("cpuLimitMode");
        if (run.run.path("initCpuMode").isValueNode()) {
            cpu += " (Init CPU " + run.run.path("initCpuMode").asText() + ")";
        }
        parts.add(cpu);
        if (run.run.path("cpuKeeper").isValueNode()) {
            parts.add("CPU keeper " + run.run.path("cpuKeeper").asText());
        }
        parts.add(coldCounts(run) + " + " + counts(run, "warmByTechnique", "warm", "warm")
                + " after each cold, per function");
        Calibration.of(run.run).filter(Calibration::drifted).ifPresent(c -> parts.add(c.driftWarning()));
        return String.join(" · ", parts);
    }

    /**
     * "4 cold", or, when the runner gave techniques different counts (run.json coldByTechnique), each count with its
     * techniques: "4 cold (alpha, beta), 1 cold (gamma)". run.json's "cold" alone is the largest count.
     */
    static String coldCounts(RunData run) {
        return counts(run, "coldByTechnique", "cold", "cold");
    }

    /** A count per technique (run.json's byField) in words, as {@link #coldCounts}; the single field without one. */
    static String counts(RunData run, String byField, String field, String word) {
        JsonNode by = run.run.path(byField);
        if (!by.isObject() || by.size() == 0) {
            return run.fact(field) + " " + word;
        }
        Map<String, List<String>> byCount = new LinkedHashMap<>();
        by.fields()
                .forEachRemaining(e -> byCount.computeIfAbsent(e.getValue().asText(), k -> new ArrayList<>())
                        .add(e.getKey()));
        if (byCount.size() == 1) {
            return byCount.keySet().iterator().next() + " " + word;
        }
        List<String> out = new ArrayList<>();
        byCount.forEach((n, techniques) -> out.add(n + " " + word + " (" + String.join(", ", techniques) + ")"));
        return String.join(", ", out);
    }
}
