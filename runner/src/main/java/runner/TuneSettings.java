package runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** tune.sh's command line, checked before anything starts or changes (bad input: exit status 2). */
final class TuneSettings {
    static final String LOCAL_DEFAULT_MEMORY = "128,256,512,1024,1769,3008";
    static final String AWS_DEFAULT_MEMORY = "128,256,512,1024,1536,1769,2048,3008";
    static final Set<String> VALUED =
            Set.of("--template", "--function", "--function-name", "--payload", "--strategy", "--weight");
    private static final Pattern WEIGHTED = Pattern.compile("(.+)@([0-9]+)");

    /** One payload file and its relative weight. */
    record Payload(Path file, int weight) {}

    String target;
    String template = "";
    String logicalId = "";
    String functionName = "";
    List<Payload> payloads = new ArrayList<>();
    List<Integer> memory;
    int cold;
    int warm;
    String strategy;
    double weight;
    String region;
    String runId;
    boolean makeReport;

    static TuneSettings parse(String[] args, Kit kit) {
        Cli cli = Cli.parse(args, VALUED, Set.of(), 2);
        if (cli.help) {
            throw new Cli.Refused(0, "", true);
        }
        TuneSettings s = new TuneSettings();
        s.target = cli.value("--target", "local");
        boolean local = s.target.equals("local");
        if (local) {
            s.template = need(cli.value("--template"),
                    "--template FILE is needed for the local target (or --target aws --function-name NAME)");
            s.logicalId = need(cli.value("--function"),
                    "--function LOGICAL_ID is needed: the function's logical id in " + s.template);
            Path t = Paths.get(s.template);
            if (!Files.isRegularFile(t)) {
                throw new Cli.Refused(2, "template " + s.template + " not found");
            }
            s.template = t.toAbsolutePath().normalize().toString();
            s.functionName = s.logicalId;
        } else if (s.target.equals("aws")) {
            s.functionName = need(cli.value("--function-name"), "--function-name NAME is needed for --target aws");
            if (cli.value("--template") != null || cli.value("--function") != null) {
                throw new Cli.Refused(
                        2,
                        "--template/--function are for the local target; on AWS give --function-name (the deployed"
                                + " name or ARN)");
            }
        } else {
            throw new Cli.Refused(2, "--target must be local or aws, got: " + s.target);
        }
        String numbers = "--cold and --warm take whole numbers";
        s.cold = Cli.whole(cli.value("--cold"), local ? 1 : 3, 2, numbers);
        s.warm = Cli.whole(cli.value("--warm"), local ? 5 : 10, 2, numbers);
        if (s.cold + s.warm == 0) {
            throw new Cli.Refused(2, "nothing to do: --cold and --warm are both 0");
        }
        String memory = cli.value("--memory", local ? LOCAL_DEFAULT_MEMORY : AWS_DEFAULT_MEMORY);
        s.memory = Cli.sizes(memory, 2, "--memory takes sizes in MB like 256,1024,1769");
        Set<Integer> seen = new HashSet<>();
        for (int m : s.memory) {
            if (m < 128 || m > 10240) {
                throw new Cli.Refused(2, "memory " + m + " MB is outside Lambda's 128-10240 MB");
            }
            if (!seen.add(m)) {
                throw new Cli.Refused(2, "--memory lists a size twice: " + memory);
            }
        }
        s.strategy = cli.value("--strategy", "balanced");
        if (!List.of("cost", "speed", "balanced").contains(s.strategy)) {
            throw new Cli.Refused(2, "--strategy must be cost, speed or balanced, got: " + s.strategy);
        }
        String w = cli.value("--weight", "0.5");
        if (!w.matches("[0-9]*\\.?[0-9]+") || Double.parseDouble(w) > 1) {
            throw new Cli.Refused(2, "--weight takes a number from 0 (speed) to 1 (cost), got: " + w);
        }
        s.weight = Double.parseDouble(w);
        s.checkPayloads(cli.all("--payload"));
        s.region = cli.value("--region", local ? "us-east-1" : "");
        s.runId = cli.value("--run-id", "");
        s.makeReport = !cli.flag("--no-report");
        List<String> missing = kit.missing(List.of("aws", "jq", "java"));
        if (!missing.isEmpty()) {
            throw new Cli.Refused(2, missing.get(0) + " is not installed");
        }
        return s;
    }

    private static String need(String value, String message) {
        if (value == null) {
            throw new Cli.Refused(2, message);
        }
        return value;
    }

    private void checkPayloads(List<String> specs) {
        if (specs.isEmpty()) {
            throw new Cli.Refused(2, "--payload FILE is needed (the event to send, JSON)");
        }
        for (String spec : specs) {
            String file = spec;
            int w = 1;
            Matcher m = WEIGHTED.matcher(spec);
            if (m.matches() && !Files.exists(Paths.get(spec))) {
                file = m.group(1);
                w = m.group(2).length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(m.group(2));
                if (w <= 0) {
                    throw new Cli.Refused(2, "payload weight must be a positive whole number: " + spec);
                }
            }
            Path p = Paths.get(file);
            if (!Files.isRegularFile(p)) {
                throw new Cli.Refused(2, "payload " + file + " not found");
            }
            try {
                Json.MAPPER.readTree(p.toFile());
            } catch (IOException e) {
                throw new Cli.Refused(2, "payload " + file + " is not JSON");
            }
            payloads.add(new Payload(p.toAbsolutePath().normalize(), w));
        }
        int perSize = perSize();
        if (perSize < payloads.size()) {
            throw new Cli.Refused(
                    2,
                    payloads.size() + " payloads but only " + perSize
                            + " invocations per size: raise --warm or --cold");
        }
    }

    int perSize() {
        return cold > 0 ? cold * (1 + warm) : warm;
    }

    /**
     * The payload sequence of one size: smooth weighted round robin over the payloads, so every prefix (the cold
     * calls, the first warm calls) is mixed like the whole; the same sequence at every size.
     */
    static List<Integer> sequence(List<Integer> weights, int length) {
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        long[] current = new long[weights.size()];
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < length; k++) {
            int best = 0;
            for (int i = 0; i < weights.size(); i++) {
                current[i] += weights.get(i);
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            out.add(best);
        }
        return out;
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("target", target);
        o.put("template", template);
        o.put("logicalId", logicalId);
        o.put("functionName", functionName);
        ArrayNode p = o.putArray("payloads");
        payloads.forEach(x -> p.addObject().put("file", x.file().toString()).put("weight", x.weight()));
        o.set("memory", Json.MAPPER.valueToTree(memory));
        o.put("cold", cold);
        o.put("warm", warm);
        o.put("strategy", strategy);
        o.put("weight", weight);
        o.put("weightText", BigDecimal.valueOf(weight).stripTrailingZeros().toPlainString());
        o.put("region", region);
        o.put("runId", runId);
        o.put("makeReport", makeReport);
        return o;
    }
}
