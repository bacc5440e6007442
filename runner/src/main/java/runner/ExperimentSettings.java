package runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * run-experiments.sh's command line, checked against techniques.json and events/ before anything starts: the
 * techniques (locally without the AWS-only ones), the sizes (--memory: each must be deployed for one of them; a
 * technique there by default without any is left out), the cold and warm counts.
 */
final class ExperimentSettings {
    /**
     * Local default cold starts per function: 4 where the tables compare cold starts (techniques.json
     * comparesColdStarts: a two-sided Mann-Whitney test at 0.05 can never decide with 3 per side; 4 per side can), 1
     * elsewhere, so that the default run stays within 10 minutes on 2 cores.
     */
    static final int LOCAL_COLD_COMPARED = 4;

    static final int LOCAL_COLD_OTHER = 1;
    static final Set<String> VALUED = Set.of("--stack", "--techniques");

    String target;
    String stack;
    String region;
    String runId;
    boolean makeReport;
    List<String> techniques;
    /** --memory, or null (then memoryByTechnique: the local defaults, or every size on AWS). */
    List<Integer> memory;

    Map<String, List<Integer>> memoryByTechnique;
    Map<String, Integer> coldByTechnique = new LinkedHashMap<>();
    int warm;
    Map<String, Integer> warmByTechnique = new LinkedHashMap<>();
    List<String> bucketTechniques = new ArrayList<>();

    static ExperimentSettings parse(String[] args, Techniques kit, Kit files, Consumer<String> note) {
        Cli cli = Cli.parse(args, VALUED, Set.of(), 1);
        if (cli.help) {
            throw new Cli.Refused(0, "", true);
        }
        ExperimentSettings s = new ExperimentSettings();
        s.target = cli.value("--target", "local");
        if (!s.target.equals("local") && !s.target.equals("aws")) {
            throw new Cli.Refused(1, "--target must be local or aws, got: " + s.target);
        }
        boolean local = s.target.equals("local");
        boolean given = cli.value("--techniques") != null;
        s.techniques = List.of(cli.value("--techniques", String.join(",", local ? kit.localNames() : kit.names()))
                .split(",", -1));
        String numbers = "--cold and --warm take whole numbers";
        Integer cold = cli.value("--cold") == null ? null : Cli.whole(cli.value("--cold"), 0, 1, numbers);
        s.warm = Cli.whole(cli.value("--warm"), local ? 3 : 10, 1, numbers);
        if (!local && cold == null) {
            cold = 3;
        }
        if (cli.value("--memory") != null) {
            s.memory = Cli.sizes(cli.value("--memory"), 1, "--memory takes sizes in MB like 128,1769");
        }
        s.stack = cli.value("--stack", local ? "local" : files.defaultStack());
        s.region = cli.value("--region", local ? "us-east-1" : "");
        s.runId = cli.value("--run-id", "");
        s.makeReport = !cli.flag("--no-report");
        s.checkTechniques(kit, files, local, note);
        s.checkMemory(kit, given, note);
        if (s.memory == null && local) {
            s.memoryByTechnique = new LinkedHashMap<>();
            for (String t : s.techniques) {
                s.memoryByTechnique.put(t, kit.get(t).localMemorySizes());
            }
        }
        for (String t : s.techniques) {
            Techniques.Technique tech = kit.get(t);
            s.coldByTechnique.put(
                    t, cold != null ? cold : tech.comparesColdStarts() ? LOCAL_COLD_COMPARED : LOCAL_COLD_OTHER);
            // --warm for all; else the registry's count (a technique whose figure needs a longer warm-up says so)
            s.warmByTechnique.put(t, cli.value("--warm") != null ? s.warm : tech.warm(s.target, s.warm));
            if (tech.listsBucket()) {
                s.bucketTechniques.add(t);
            }
        }
        if (s.maxCold() + s.warm == 0) {
            throw new Cli.Refused(1, "nothing to do: --cold and --warm are both 0");
        }
        List<String> tools = new ArrayList<>(List.of("aws", "jq", "curl"));
        if (local && !s.bucketTechniques.isEmpty()) {
            List<String> noMoto = files.missing(List.of("moto_server"));
            if (!noMoto.isEmpty()) {
                throw new Cli.Refused(
                        1,
                        String.join(", ", s.bucketTechniques)
                                + " needs moto_server locally (pip install 'moto[server]')");
            }
        }
        List<String> missing = files.missing(tools);
        if (!missing.isEmpty()) {
            throw new Cli.Refused(
                    1,
                    "missing tools: " + String.join(" ", missing) + " (needed: " + String.join(" ", tools)
                            + "; see README.md)");
        }
        return s;
    }

    int maxCold() {
        return coldByTechnique.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Every technique named is known and has its event; locally, the AWS-only ones are left out (with a note). */
    private void checkTechniques(Techniques kit, Kit files, boolean local, Consumer<String> note) {
        for (String t : techniques) {
            if (t.isEmpty() || kit.named(t).isEmpty()) {
                throw new Cli.Refused(
                        1,
                        "unknown technique '" + t + "' (known: " + String.join(", ", kit.names())
                                + "; see scripts/lib/techniques.json)");
            }
            if (!Files.isRegularFile(files.events.resolve(t + ".json"))) {
                throw new Cli.Refused(
                        1, "technique '" + t + "' has no event: " + files.events.resolve(t + ".json"));
            }
        }
        if (!local) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String t : techniques) {
            String because = kit.get(t).awsOnlyBecause();
            if (!kit.get(t).runsLocally()) {
                note.accept("note: " + t + " runs on AWS only (" + because + "); skipped locally");
            } else {
                kept.add(t);
            }
        }
        if (kept.isEmpty()) {
            throw new Cli.Refused(
                    1, "nothing left to run locally without " + String.join(", ", kit.awsOnlyNames()));
        }
        techniques = kept;
    }

    /** --memory: each size is deployed for one of the techniques; each technique named has one of them. */
    private void checkMemory(Techniques kit, boolean given, Consumer<String> note) {
        if (memory == null) {
            return;
        }
        String valid = techniques.stream()
                .map(t -> t + ": "
                        + (kit.get(t).memorySizes().isEmpty()
                                ? "none"
                                : Techniques.join(kit.get(t).memorySizes())))
                .collect(Collectors.joining("; "));
        String list = String.join(",", techniques);
        for (int m : memory) {
            if (techniques.stream().noneMatch(t -> kit.get(t).memorySizes().contains(m))) {
                throw new Cli.Refused(
                        1,
                        "--memory " + m + ": no function of " + list + " has " + m
                                + " MB; the sizes in template.yaml are " + valid);
            }
        }
        String asGiven = Techniques.join(memory);
        List<String> kept = new ArrayList<>();
        for (String t : techniques) {
            List<Integer> sizes = kit.get(t).memorySizes();
            if (memory.stream().anyMatch(sizes::contains)) {
                kept.add(t);
            } else if (given) {
                throw new Cli.Refused(
                        1,
                        "--memory " + asGiven + ": " + t + " has none of these sizes; the sizes in template.yaml are "
                                + valid);
            } else {
                note.accept("note: " + t + " left out: it has none of the sizes " + asGiven + " (it has "
                        + (sizes.isEmpty() ? "none" : Techniques.join(sizes)) + ")");
            }
        }
        techniques = kept;
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("target", target);
        o.put("stack", stack);
        o.put("region", region);
        o.put("runId", runId);
        o.put("makeReport", makeReport);
        o.set("techniques", Json.MAPPER.valueToTree(techniques));
        o.set("memory", memory == null ? null : Json.MAPPER.valueToTree(memory));
        o.set("memoryByTechnique", memoryByTechnique == null ? null : Json.MAPPER.valueToTree(memoryByTechnique));
        o.set("coldByTechnique", Json.MAPPER.valueToTree(coldByTechnique));
        o.put("maxCold", maxCold());
        o.put("warm", warm);
        o.set("warmByTechnique", Json.MAPPER.valueToTree(warmByTechnique));
        o.set("bucketTechniques", Json.MAPPER.valueToTree(bucketTechniques));
        return o;
    }
}
