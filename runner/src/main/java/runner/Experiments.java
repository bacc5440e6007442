package runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import report.ReportLine;

/**
 * run-experiments.sh's run once its checks passed and the target is up: find the experiment functions, invoke each N
 * times cold (each cold start forced by a configuration update) and M times warm after each, round-robin per group
 * ({@link Plan}), keep every tail log and response under results/&lt;run-id&gt;/, read the REPORT records back from
 * CloudWatch Logs, and record the run in run.json (status complete, failed, or interrupted on TERM/INT).
 */
final class Experiments {
    static final String SETTINGS = ".settings.json";

    private final Kit kit;
    private final Techniques techniques;
    private final Path dir;
    private final JsonNode settings;
    private final Api api;
    private final Consumer<String> log;
    private final String s3Endpoint;
    private final String bucket;
    private final boolean local;
    private JsonNode info = Json.object();
    private Calibration calibration;
    private Timing timing;
    private final List<ObjectNode> functions = new ArrayList<>();
    private final Map<String, String> technique = new HashMap<>();
    private final Map<String, String> qualifier = new HashMap<>();
    private final Map<String, String> version = new HashMap<>();
    private final Allocations allocations;
    private Progress progress;
    private int failures;
    private boolean finalWritten;

    Experiments(Kit kit, Techniques techniques, Path dir, Api api, Consumer<String> log, String s3Endpoint, String bucket)
            throws IOException {
        this.kit = kit;
        this.techniques = techniques;
        this.dir = dir;
        this.settings = Json.read(dir.resolve(SETTINGS));
        this.api = api;
        this.log = log;
        this.s3Endpoint = s3Endpoint;
        this.bucket = bucket;
        this.local = settings.path("target").asText().equals("local");
        this.allocations = Allocations.of(log, local);
    }

    /**
     * The checks (ExperimentSettings), and on AWS the stack's functions; then the results folder with the settings
     * in it. Prints the folder.
     */
    static Path check(String[] args, Kit kit, Techniques techniques, Consumer<String> log) throws IOException {
        ExperimentSettings s = ExperimentSettings.parse(args, techniques, kit, log);
        if (s.target.equals("aws")) {
            List<String> call = new ArrayList<>(List.of("lambda", "list-functions", "--output", "json"));
            if (!s.region.isEmpty()) {
                call.addAll(List.of("--region", s.region));
            }
            Aws.Result r = new Aws(kit.awsEndpoint()).call(call);
            if (!r.ok()) {
                throw new Cli.Refused(1, "list-functions failed (credentials? region?)");
            }
            JsonNode listing = Json.MAPPER.readTree(r.out());
            List<String> stacks = new ArrayList<>();
            boolean found = false;
            for (JsonNode f : listing.path("Functions")) {
                String st = f.path("Environment").path("Variables").path("KIT_STACK").asText("");
                found |= st.equals(s.stack);
                if (!st.isEmpty() && !stacks.contains(st)) {
                    stacks.add(st);
                }
            }
            if (!found) {
                stacks.sort(Comparator.naturalOrder());
                String region = Facts.region(s.region, kit.env);
                throw new Cli.Refused(
                        1,
                        "no functions of stack '" + s.stack + "' in " + (region.isEmpty() ? "your default region" : region)
                                + "; deployed? (sam deploy)"
                                + (stacks.isEmpty() ? "" : "; stacks with kit functions there: " + String.join(", ", stacks)));
            }
        }
        ObjectNode o = s.toJson();
        return RunDirectory.create(kit.root, s.runId, s.target, 1, o);
    }

    /** The run; its exit status: 0 when every call succeeded, 1 otherwise. */
    int run() throws Exception {
        timing = Timing.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::interrupted, "runner-interrupted"));
        calibration = Calibration.compile(kit.root.resolve("scripts/lib/Calibrate.java"), log);
        try {
            if (local) {
                info = Facts.localInfo(kit.localEndpoint());
                log.accept("local Lambda at " + kit.localEndpoint() + ": cpu limit "
                        + info.path("cpuLimitMode").asText());
            }
            findFunctions();
            Plan plan = plan();
            writeRunJson("running");
            calibration.sample("start");
            runGroups(plan);
            calibration.sample("end");
            collectLogs();
            return finish();
        } catch (Api.Stopped e) {
            return 130;
        } catch (Exception e) {
            failedNow();
            throw e;
        } finally {
            if (allocations.anyHeld()) {
                // a failed run's allocation still goes (an interrupted one's goes in the shutdown hook)
                allocations.releaseAll(api.stopped() ? Api.of(local, kit) : api);
            }
            calibration.close();
            Files.deleteIfExists(dir.resolve(".env.json"));
        }
    }

    private void findFunctions() throws IOException {
        Api.Reply r = api.listFunctions();
        if (!r.ok()) {
            throw new Cli.Refused(1, "list-functions failed: " + r.error());
        }
        String stack = settings.path("stack").asText();
        List<String> ts = new ArrayList<>();
        settings.path("techniques").forEach(t -> ts.add(t.asText()));
        JsonNode memory = settings.path("memory");
        JsonNode byTechnique = settings.path("memoryByTechnique");
        for (JsonNode f : r.json().path("Functions")) {
            JsonNode env = f.path("Environment").path("Variables");
            String t = env.path("KIT_TECHNIQUE").asText("");
            int mem = f.path("MemorySize").asInt();
            if (!env.path("KIT_STACK").asText("").equals(stack) || !ts.contains(t)) {
                continue;
            }
            if (memory.isArray() && !contains(memory, mem)) {
                continue;
            }
            if (byTechnique.isObject() && !contains(byTechnique.path(t), mem)) {
                continue;
            }
            ObjectNode o = Json.object();
            String name = f.path("FunctionName").asText();
            o.put("name", name);
            o.put("technique", t);
            o.put("variant", env.path("KIT_VARIANT").asText("default"));
            o.put("memoryMB", mem);
            o.put("architecture", f.path("Architectures").path(0).asText("x86_64"));
            o.set("runtime", f.path("Runtime"));
            o.set("codeSize", f.path("CodeSize"));
            o.put("logGroup", f.path("LoggingConfig").path("LogGroup").asText("/aws/lambda/" + name));
            o.set("environment", env.isObject() ? env : Json.object());
            functions.add(o);
            technique.put(name, t);
        }
        functions.sort(Comparator.<ObjectNode, String>comparing(o -> o.path("technique").asText())
                .thenComparing(o -> o.path("variant").asText())
                .thenComparingInt(o -> o.path("memoryMB").asInt()));
        ArrayNode listed = Json.array();
        functions.forEach(f -> listed.add(f.deepCopy().without("environment")));
        Json.write(dir.resolve("functions.json"), listed);
        if (functions.isEmpty()) {
            writeRunJson("failed");
            throw new Cli.Refused(
                    1,
                    "no functions of stack '" + stack + "' for techniques " + String.join(",", ts) + " (memory: "
                            + (memory.isArray() ? Techniques.join(ints(memory)) : "any") + "); deployed? (sam deploy)");
        }
    }

    private Plan plan() {
        List<Plan.Fn> fns = new ArrayList<>();
        for (ObjectNode f : functions) {
            fns.add(new Plan.Fn(
                    f.path("name").asText(),
                    f.path("technique").asText(),
                    f.path("variant").asText(),
                    f.path("memoryMB").asInt()));
        }
        Map<String, Integer> cold = new LinkedHashMap<>();
        settings.path("coldByTechnique").properties().forEach(e -> cold.put(e.getKey(), e.getValue().asInt()));
        Map<String, Integer> warm = new LinkedHashMap<>();
        settings.path("warmByTechnique").properties().forEach(e -> warm.put(e.getKey(), e.getValue().asInt()));
        Plan plan = Plan.of(fns, techniques, cold, warm, settings.path("warm").asInt());
        progress = new Progress(plan.totalCalls(), log, () -> System.currentTimeMillis() / 1000);
        StringBuilder colds = new StringBuilder();
        cold.forEach((t, n) -> colds.append(colds.length() == 0 ? "" : ", ").append(t).append(':').append(n));
        log.accept("run " + settings.path("runId").asText() + ": " + plan.functionCount() + " functions, " + colds
                + " cold each (+ " + plan.warm + " warm after each cold, round-robin), " + plan.totalCalls()
                + " calls on " + settings.path("target").asText() + " -> results/" + settings.path("runId").asText()
                + "/");
        return plan;
    }

    private void runGroups(Plan plan) throws IOException {
        int maxEnvironments = info.path("maxEnvironments").asInt(1000);
        boolean first = true;
        for (Plan.Group g : plan.groups) {
            if (!first) {
                calibration.sample("before " + g.name());
            }
            first = false;
            log.accept("--- " + g.name() + ": " + g.functions().size() + " functions round-robin, " + g.coldRounds()
                    + " cold + " + g.warm() + " warm after each");
            for (List<Plan.Fn> chunk : g.chunks(maxEnvironments)) {
                runChunk(g.coldRounds(), g.warm(), chunk);
            }
        }
    }

    /** Per cold round, every function's forced cold start, then the warm rounds; then the round's versions go. */
    private void runChunk(int rounds, int warm, List<Plan.Fn> fns) throws IOException {
        for (int c = 1; c <= Math.max(rounds, 1); c++) {
            if (rounds > 0) {
                for (Plan.Fn f : fns) {
                    coldStart(f, c, rounds);
                }
            }
            for (int w = 1; w <= warm; w++) {
                for (Plan.Fn f : fns) {
                    String figures = invoke(f.name(), "warm", qualifier.getOrDefault(f.name(), ""));
                    progress.call(f.name() + "   warm " + w + "/" + warm + ": " + figures);
                }
            }
            for (Plan.Fn f : fns) {
                int provisioned = techniques.get(f.technique()).provisioned(f.variant());
                if (provisioned > 0 && version.containsKey(f.name())) {
                    burst(f.name(), provisioned + 1);
                }
            }
            for (Plan.Fn f : fns) {
                deleteVersion(f.name());
            }
        }
        for (Plan.Fn f : fns) {
            log.accept(CellSummary.of(f.name(), read(tailLog(f.name()))));
        }
    }

    /**
     * Forces one cold start and makes it: a configuration update (with the local S3 for a function that lists the
     * bucket), and for a SnapStart variant (one with an alias) a version published for it (SnapStart restores only
     * published versions), invoked by its number and deleted after the round.
     */
    private void coldStart(Plan.Fn f, int round, int rounds) throws IOException {
        Techniques.Technique t = techniques.get(f.technique());
        ObjectNode extra = Json.object();
        if (local && t.listsBucket()) {
            extra.put("S3_ENDPOINT", s3Endpoint);
            extra.put("BUCKET_NAME", bucket);
        }
        extra.put("KIT_COLD_START", settings.path("runId").asText() + "-" + round);
        String alias = t.alias(f.variant());
        qualifier.put(f.name(), alias);
        version.remove(f.name());
        if (!updateEnvironment(f.name(), extra)) {
            fail(f.name() + ": could not update its configuration to force a cold start");
            return;
        }
        if (!alias.isEmpty()) {
            Api.Reply v = api.publishVersion(f.name());
            if (!v.ok()) {
                fail(f.name() + ": publish-version failed");
                return;
            }
            String number = v.out();
            api.waitActive(f.name(), number);
            version.put(f.name(), number);
            qualifier.put(f.name(), number);
            int provisioned = t.provisioned(f.variant());
            if (provisioned > 0) {
                String why = allocate(f.name(), number, provisioned);
                if (why != null) {
                    fail(f.name() + ":" + number + ": " + why);
                    return;
                }
            }
        }
        String figures = invoke(f.name(), "cold", qualifier.get(f.name()));
        progress.call(f.name() + " cold " + round + "/" + rounds + ": " + figures);
    }

    /** Merges variables into the function's environment: any update gives it new execution environments. */
    private boolean updateEnvironment(String fn, ObjectNode extra) throws IOException {
        ObjectNode vars = Json.object();
        functions.stream()
                .filter(f -> f.path("name").asText().equals(fn))
                .findFirst()
                .ifPresent(f -> vars.setAll((ObjectNode) f.path("environment")));
        vars.setAll(extra);
        ObjectNode env = Json.object();
        env.set("Variables", vars);
        Path file = dir.resolve(".env.json");
        Files.writeString(file, Json.compact(env) + "\n");
        Api.Reply r = api.updateFunctionConfiguration(fn, null, file);
        if (!r.ok()) {
            return false;
        }
        // AWS answers InProgress and needs the wait; the local Lambda has applied it already (Successful)
        return r.json().path("LastUpdateStatus").asText().equals("Successful")
                || api.waitUpdated(fn).ok();
    }

    /** One invocation: its tail log and response appended; the figures of its REPORT record for the progress line. */
    private String invoke(String fn, String phase, String qualifier) throws IOException {
        Path event = kit.events.resolve(technique.get(fn) + ".json");
        return record(fn, phase, Invocation.of(api, dir, fn, event, qualifier, false));
    }

    /**
     * n calls at once on the round's version, one more than its provisioned concurrency: the ones past the allocation
     * spill over to on-demand environments, ordinary cold starts (phase "burst" in the responses).
     */
    private void burst(String fn, int n) throws IOException {
        Path event = kit.events.resolve(technique.get(fn) + ".json");
        String q = version.get(fn);
        List<CompletableFuture<Invocation>> calls = new ArrayList<>();
        // a thread per call: the common pool runs one task at a time on a 2-core host
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                Path scratch = Files.createDirectories(dir.resolve(".burst-" + i));
                calls.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return Invocation.of(api, scratch, fn, event, q, false);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        threads));
            }
        } finally {
            threads.shutdown();
        }
        List<Invocation> spilled = new ArrayList<>();
        List<Invocation> served = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Invocation inv;
            try {
                inv = calls.get(i).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                throw e;
            }
            Optional<ReportLine> r = inv.report();
            (r.isPresent() && r.get().initDurationMs() != null ? spilled : served).add(inv);
            Files.deleteIfExists(dir.resolve(".burst-" + i));
        }
        // the spilled calls first: the last response (the table's payload columns) stays one the allocation served
        List<String> inits = new ArrayList<>();
        for (Invocation inv : spilled) {
            record(fn, "burst", inv);
            inits.add(String.format(
                    Locale.ROOT, "Init %.0f ms", inv.report().orElseThrow().initDurationMs()));
        }
        for (Invocation inv : served) {
            record(fn, "burst", inv);
        }
        int cold = spilled.size();
        log.accept(fn + ":" + q + " burst of " + n + " calls at once on " + (n - 1) + " provisioned: " + cold
                + " spilled over to a cold start" + (inits.isEmpty() ? "" : " (" + String.join(", ", inits) + ")"));
    }

    /** A call's tail log and response appended; the figures of its REPORT record for the progress line. */
    private String record(String fn, String phase, Invocation inv) throws IOException {
        ObjectNode response = Json.object();
        response.put("phase", phase);
        if (!inv.reached()) {
            fail(fn + " " + phase + ": " + inv.callError());
            response.putNull("status");
            response.put("functionError", "InvokeFailed");
            response.put("payload", inv.callError());
            Json.appendLine(dir.resolve("responses").resolve(fn + ".jsonl"), response);
            return "failed";
        }
        StringBuilder tail = new StringBuilder();
        inv.tail().lines().filter(l -> !l.isEmpty()).forEach(l -> tail.append(l).append('\n'));
        Files.writeString(
                tailLog(fn), tail, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        response.put("status", inv.status());
        if (inv.functionError() == null) {
            response.putNull("functionError");
        } else {
            response.put("functionError", inv.functionError());
        }
        response.set("payload", Json.parseOrText(inv.body()));
        Invocation.reports(inv.tail()).stream()
                .findFirst()
                .ifPresent(r -> response.put("requestId", r.requestId()));
        Json.appendLine(dir.resolve("responses").resolve(fn + ".jsonl"), response);
        String figures = inv.figures(phase.equals("cold"));
        if (inv.functionError() != null) {
            fail(fn + " " + phase + ": function error " + inv.functionError() + ": " + inv.bodyStart(300));
            figures += ", function error";
        }
        return figures;
    }

    private String allocate(String fn, String number, int environments) throws IOException {
        try {
            return allocations.allocate(api, fn, number, environments);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Api.Stopped();
        }
    }

    /** The round's version goes, and first the provisioned concurrency allocated on it (checked gone). */
    private void deleteVersion(String fn) throws IOException {
        String held = version.get(fn);
        Techniques.Technique t = techniques.get(technique.get(fn));
        if (held != null && t.provisioned(variantOf(fn)) > 0) {
            String why = allocations.release(api, fn, held);
            if (why != null) {
                fail(fn + ":" + held + ": provisioned concurrency " + why);
            }
        }
        String v = version.remove(fn);
        if (v != null && !api.deleteVersion(fn, v).ok()) {
            fail(fn + ": could not delete version " + v);
        }
    }

    /**
     * Reads every function's REPORT records back (on AWS they arrive with a lag: KIT_LOGS_TIMEOUT seconds, default
     * 120), keeping this run's: the request ids its tail logs saw.
     */
    private void collectLogs() throws IOException, InterruptedException {
        log.accept(
                local
                        ? "reading the REPORT lines back from the local Lambda's log store (its CloudWatch Logs API),"
                                + " to cross-check the tail logs ..."
                        : "collecting REPORT lines from CloudWatch Logs ...");
        Logs logs = new Logs(api, log, Thread::sleep);
        long deadline = System.currentTimeMillis() + 1000L * Long.parseLong(kit.env.getOrDefault("KIT_LOGS_TIMEOUT", "120"));
        for (ObjectNode f : functions) {
            String fn = f.path("name").asText();
            String group = f.path("logGroup").asText();
            String tail = read(tailLog(fn));
            try {
                JsonNode answer = logs.fetch(
                        group,
                        settings.path("startedMs").asLong(),
                        Invocation.reports(tail).size(),
                        deadline,
                        !local,
                        fn + ": ");
                Json.write(dir.resolve("raw").resolve(fn + ".cloudwatch.json"), Logs.ofRequests(answer, Logs.requestIds(tail)));
            } catch (Logs.QueryFailed e) {
                fail(fn + ": filter-log-events on " + group + ": " + e.getMessage());
            }
        }
    }

    private int finish() throws IOException {
        String status = failures == 0 ? "complete" : "failed";
        Timing.Figures timed;
        synchronized (this) {
            timed = writeRunJson(status);
            finalWritten = true;
        }
        Files.deleteIfExists(dir.resolve(SETTINGS));
        log.accept("raw lines kept in results/" + settings.path("runId").asText() + "/ (status: " + status + ", "
                + failures + " failure(s))");
        log.accept(timed.line());
        String warning = calibration.driftWarning();
        if (warning != null) {
            log.accept(warning);
        }
        return failures == 0 ? 0 : 1;
    }

    /** An error ended the run: run.json says failed (unless it says something final already). */
    private synchronized void failedNow() throws IOException {
        if (!finalWritten) {
            log.accept(writeRunJson("failed").line());
            finalWritten = true;
            Files.deleteIfExists(dir.resolve(SETTINGS));
        }
    }

    /** TERM or INT: the call in flight is ended, no other starts, and run.json says interrupted. */
    private void interrupted() {
        api.stop();
        // what the run allocated is billed until released: with a fresh client, the run's own is stopped
        allocations.releaseAll(Api.of(local, kit));
        synchronized (this) {
            if (!finalWritten) {
                try {
                    log.accept(writeRunJson("interrupted").line());
                    Files.deleteIfExists(dir.resolve(SETTINGS));
                } catch (IOException e) {
                    System.err.println("could not write run.json: " + e.getMessage());
                }
                finalWritten = true;
            }
        }
    }

    private void fail(String what) {
        failures++;
        log.accept("FAILED: " + what);
    }

    /** Writes run.json; its timing figures. */
    synchronized Timing.Figures writeRunJson(String status) throws IOException {
        ObjectNode o = Json.object();
        o.set("runId", settings.path("runId"));
        o.set("startedAt", settings.path("startedAt"));
        o.put("finishedAt", Facts.now());
        o.set("target", settings.path("target"));
        o.set("stack", settings.path("stack"));
        o.put("region", Facts.region(settings.path("region").asText(), kit.env));
        o.set("machine", Facts.machine(info));
        o.put("cpuLimitMode", local ? info.path("cpuLimitMode").asText("unknown") : "lambda");
        if (local && info.has("initCpuMode")) {
            o.set("initCpuMode", info.path("initCpuMode"));
        }
        if (local && info.has("cpuKeeper")) {
            o.set("cpuKeeper", info.path("cpuKeeper"));
        }
        List<String> runtimes = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (ObjectNode f : functions) {
            if (!runtimes.contains(f.path("runtime").asText())) {
                runtimes.add(f.path("runtime").asText());
            }
            if (!sizes.contains(f.path("memoryMB").asInt())) {
                sizes.add(f.path("memoryMB").asInt());
            }
        }
        runtimes.sort(Comparator.naturalOrder());
        sizes.sort(Comparator.naturalOrder());
        o.put("jdk", local ? Facts.localJdks(info) : String.join(", ", runtimes));
        o.set("cold", settings.path("maxCold"));
        o.set("coldByTechnique", settings.path("coldByTechnique"));
        o.set("warm", settings.path("warm"));
        o.set("warmByTechnique", settings.path("warmByTechnique"));
        o.put("order", "round-robin");
        o.set("techniques", settings.path("techniques"));
        o.set("memory", settings.path("memory").isArray() ? settings.path("memory") : Json.MAPPER.valueToTree(sizes));
        o.set("calibration", calibration == null ? Json.object() : calibration.toJson());
        Timing.Figures timed = timed();
        o.set("timing", timed.toJson());
        o.put("failures", failures);
        o.put("status", status);
        Json.write(dir.resolve("run.json"), o);
        return timed;
    }

    /** The wall time so far against the function time in the tail logs (zero before the run started). */
    private Timing.Figures timed() throws IOException {
        if (timing == null) {
            return new Timing.Figures(0, 0);
        }
        List<String> tails = new ArrayList<>();
        for (ObjectNode f : functions) {
            tails.add(read(tailLog(f.path("name").asText())));
        }
        return timing.figures(tails);
    }

    private String variantOf(String fn) {
        return functions.stream()
                .filter(f -> f.path("name").asText().equals(fn))
                .map(f -> f.path("variant").asText())
                .findFirst()
                .orElse("default");
    }

    private Path tailLog(String fn) {
        return dir.resolve("raw").resolve(fn + ".tail.log");
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    private static boolean contains(JsonNode array, int value) {
        for (JsonNode n : array) {
            if (n.asInt() == value) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
