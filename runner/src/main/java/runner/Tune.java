package runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * tune.sh's sweep of one function: per memory size, set MemorySize (update-function-configuration), force the cold
 * starts, run the warm calls, keep every tail log and response; then put the original MemorySize and Environment
 * back (also after an error, TERM or Ctrl-C), read the REPORT records back and record the run in run.json.
 */
final class Tune {
    private final Kit kit;
    private final Path dir;
    private final JsonNode s;
    private final Api api;
    private final Consumer<String> log;
    private final boolean local;
    private final String fn;
    private JsonNode info = Json.object();
    private JsonNode original;
    private String restored = "not needed";
    private boolean restoreNeeded;
    private int failures;
    private Timing timing;
    private boolean finalWritten;
    private final ArrayNode cells = Json.array();

    Tune(Kit kit, Path dir, Consumer<String> log) throws IOException {
        this.kit = kit;
        this.dir = dir;
        this.s = Json.read(dir.resolve(Experiments.SETTINGS));
        this.log = log;
        this.local = s.path("target").asText().equals("local");
        this.api = Api.of(local, kit);
        this.fn = s.path("functionName").asText();
    }

    /**
     * The checks (TuneSettings); locally the function must be in the template and run Java (the local Lambda's
     * FunctionLookup says why not), on AWS its configuration is read (which also tells whether there are credentials).
     * Then the results folder with the settings in it. Prints the folder.
     */
    static Path check(String[] args, Kit kit) throws IOException, InterruptedException {
        TuneSettings t = TuneSettings.parse(args, kit);
        ObjectNode o = t.toJson();
        if (t.target.equals("local")) {
            if (new ProcessBuilder(kit.root.resolve("scripts/local-lambda.sh").toString(), "build")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start()
                            .waitFor()
                    != 0) {
                throw new Cli.Refused(2, "the local Lambda could not be built");
            }
            Process lookup = new ProcessBuilder(
                            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                            "-cp",
                            kit.root.resolve("local-lambda/target/local-lambda.jar").toString(),
                            "locallambda.FunctionLookup",
                            t.template,
                            t.logicalId)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(lookup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (lookup.waitFor() != 0) {
                throw new Cli.Refused(2, ""); // FunctionLookup said why on stderr
            }
            o.set("lookup", Json.MAPPER.readTree(out));
        } else {
            List<String> call = new ArrayList<>(List.of(
                    "lambda", "get-function-configuration", "--function-name", t.functionName, "--output", "json"));
            if (!t.region.isEmpty()) {
                call.addAll(List.of("--region", t.region));
            }
            Aws.Result r = new Aws(kit.awsEndpoint()).call(call);
            if (!r.ok()) {
                String err = r.errLine();
                if (err.matches("(?is).*(Unable to locate credentials|could not be found|InvalidClientTokenId"
                        + "|ExpiredToken|security token|NoCredentials).*")) {
                    throw new Cli.Refused(
                            2,
                            "no usable AWS credentials for --target aws (aws configure, AWS_PROFILE or"
                                    + " AWS_ACCESS_KEY_ID): " + err);
                }
                throw new Cli.Refused(2, "cannot read " + t.functionName + "'s configuration: " + err);
            }
            JsonNode cfg = Json.MAPPER.readTree(r.out());
            String runtime = cfg.path("Runtime").asText("");
            if (!runtime.startsWith("java")) {
                throw new Cli.Refused(
                        2,
                        t.functionName + " runs " + (runtime.isEmpty() ? "a container image or custom runtime" : runtime)
                                + ", not a Java runtime (java11, java17, java21, java25)");
            }
            o.set("original", cfg);
        }
        Path dir = RunDirectory.create(kit.root, t.runId, "tune-" + t.target, 2, o);
        Json.write(dir.resolve("functions.json"), Json.array());
        return dir;
    }

    int run() throws Exception {
        timing = Timing.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::interrupted, "runner-interrupted"));
        try {
            if (local) {
                info = Facts.localInfo(kit.localEndpoint());
                log.accept("local Lambda at " + kit.localEndpoint() + ": cpu limit "
                        + info.path("cpuLimitMode").asText());
                Api.Reply r = api.getFunctionConfiguration(fn);
                if (!r.ok()) {
                    throw new Cli.Refused(1, "get-function-configuration " + fn + " failed");
                }
                original = r.json();
                if (original.path("State").asText("Active").equals("Failed")) {
                    throw new Cli.Refused(
                            1,
                            fn + " did not build: " + original.path("StateReason").asText("")
                                    + " (see the local Lambda's server.log)");
                }
            } else {
                original = s.path("original");
            }
            Json.write(dir.resolve("original-configuration.json"), original);
            writeRunJson("running");
            sweep();
            restore(api);
            collectLogs();
            return finish();
        } catch (Api.Stopped e) {
            return 130;
        } catch (Exception e) {
            // an error: the configuration goes back all the same, and run.json says failed
            if (!api.stopped()) {
                restore(api);
                synchronized (this) {
                    if (!finalWritten) {
                        log.accept(writeRunJson("failed").line());
                        finalWritten = true;
                    }
                }
                Files.deleteIfExists(dir.resolve(Experiments.SETTINGS));
            }
            throw e;
        } finally {
            Files.deleteIfExists(dir.resolve(".env.json"));
        }
    }

    private String architecture() {
        return original.path("Architectures").path(0).asText("x86_64");
    }

    private String logGroup() {
        return original.path("LoggingConfig")
                .path("LogGroup")
                .asText("/aws/lambda/" + original.path("FunctionName").asText(fn));
    }

    private void sweep() throws IOException {
        List<Integer> sizes = new ArrayList<>();
        s.path("memory").forEach(m -> sizes.add(m.asInt()));
        List<Path> files = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (JsonNode p : s.path("payloads")) {
            files.add(Paths.get(p.path("file").asText()));
            weights.add(p.path("weight").asInt());
        }
        int cold = s.path("cold").asInt();
        int warm = s.path("warm").asInt();
        List<Integer> plan = TuneSettings.sequence(weights, cold > 0 ? cold * (1 + warm) : warm);
        log.accept("run " + s.path("runId").asText() + ": tuning " + fn + " (" + architecture() + ") at "
                + Techniques.join(sizes) + " MB, " + cold + " cold + " + warm + " warm after each, " + files.size()
                + " payload(s), on " + s.path("target").asText() + " -> results/" + s.path("runId").asText() + "/");
        for (int i = 0; i < sizes.size(); i++) {
            sweepSize(i + 1, sizes.size(), sizes.get(i), cold, warm, files, plan);
        }
    }

    /** One size: N rounds of (configure = a cold start, the cold call, the warm calls); a failing size fails its cell. */
    private void sweepSize(int index, int of, int mem, int cold, int warm, List<Path> files, List<Integer> plan)
            throws IOException {
        String cell = fn.substring(fn.lastIndexOf(':') + 1) + "@" + mem;
        recordCell(cell, mem);
        Files.writeString(dir.resolve("raw").resolve(cell + ".tail.log"), "");
        int errors = 0;
        int step = 0;
        String at = "[" + index + "/" + of + "] " + mem + " MB";
        for (int c = 1; c <= Math.max(cold, 1); c++) {
            String why = configure(mem, s.path("runId").asText() + "-" + mem + "-" + c);
            if (why != null) {
                errors++;
                log.accept(at + ": update-function-configuration failed: " + why);
                break;
            }
            if (cold > 0) {
                String[] r = invoke(cell, mem, "cold", files.get(plan.get(step++)));
                errors += r[1] == null ? 0 : 1;
                log.accept(at + " cold " + c + "/" + cold + ": " + r[0]);
            }
            for (int w = 1; w <= warm; w++) {
                String[] r = invoke(cell, mem, "warm", files.get(plan.get(step++)));
                errors += r[1] == null ? 0 : 1;
                log.accept(at + "   warm " + w + "/" + warm + ": " + r[0]);
            }
        }
        if (errors > 0) {
            fail(mem + " MB: " + errors + " of " + step + " call(s) failed (responses/" + cell
                    + ".jsonl); going on with the next size");
        }
    }

    /** MemorySize and a fresh KIT_TUNE_COLD_START (new environments: the next call is cold); null or why not. */
    private String configure(int mem, String token) throws IOException {
        ObjectNode vars = Json.object();
        if (original.path("Environment").path("Variables").isObject()) {
            vars.setAll((ObjectNode) original.path("Environment").path("Variables").deepCopy());
        }
        vars.put("KIT_TUNE_COLD_START", token);
        ObjectNode env = Json.object();
        env.set("Variables", vars);
        Path file = dir.resolve(".env.json");
        Files.writeString(file, Json.compact(env) + "\n");
        restoreNeeded = true;
        Api.Reply r = api.updateFunctionConfiguration(fn, mem, file);
        if (!r.ok()) {
            return r.error();
        }
        Api.Reply w = api.waitUpdated(fn);
        return w.ok() ? null : w.error();
    }

    /** One call of the cell: {figures, error or null}; its tail log and response appended. */
    private String[] invoke(String cell, int mem, String phase, Path payload) throws IOException {
        Invocation inv = Invocation.of(api, dir, fn, payload, "", true);
        ObjectNode r = Json.object();
        r.put("phase", phase);
        r.put("memoryMB", mem);
        if (!inv.reached()) {
            log.accept("  " + phase + ": invoke failed: " + inv.callError());
            r.putNull("status");
            r.put("functionError", "InvokeFailed");
            r.putNull("requestId");
            r.put("payloadFile", payload.toString());
            r.put("payload", inv.callError());
            Json.appendLine(dir.resolve("responses").resolve(cell + ".jsonl"), r);
            return new String[] {"failed", "InvokeFailed"};
        }
        Files.writeString(
                dir.resolve("raw").resolve(cell + ".tail.log"),
                inv.tail() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        r.put("status", inv.status());
        if (inv.functionError() == null) {
            r.putNull("functionError");
        } else {
            r.put("functionError", inv.functionError());
        }
        var report = inv.report();
        if (report.isPresent()) {
            r.put("requestId", report.get().requestId());
        } else {
            r.putNull("requestId");
        }
        r.put("payloadFile", payload.toString());
        r.set("payload", Json.parseOrText(inv.body()));
        Json.appendLine(dir.resolve("responses").resolve(cell + ".jsonl"), r);
        String figures = report.map(x -> Format.ms(x.durationMs())).orElse("?") + " ms";
        if (inv.functionError() != null) {
            return new String[] {
                figures + ", function error " + inv.functionError() + ": " + inv.bodyStart(200), inv.functionError()
            };
        }
        return new String[] {figures, null};
    }

    private void recordCell(String cell, int mem) throws IOException {
        ObjectNode c = cells.addObject();
        c.put("name", cell);
        c.put("functionName", fn);
        c.put("technique", "tune");
        String logicalId = s.path("logicalId").asText();
        c.put("variant", logicalId.isEmpty() ? fn.substring(fn.lastIndexOf(':') + 1) : logicalId);
        c.put("memoryMB", mem);
        c.put("architecture", architecture());
        c.set("runtime", original.path("Runtime"));
        c.put("codeSize", original.path("CodeSize").asLong(0));
        c.put("logGroup", logGroup());
        Json.write(dir.resolve("functions.json"), cells);
    }

    /**
     * Puts the original MemorySize and Environment back (waiting for an update in progress first), then reads the
     * configuration again to check. Runs once.
     */
    private synchronized void restore(Api api) throws IOException {
        if (!restoreNeeded) {
            return;
        }
        restoreNeeded = false;
        int mem = original.path("MemorySize").asInt();
        ObjectNode env = Json.object();
        JsonNode vars = original.path("Environment").path("Variables");
        env.set("Variables", vars.isObject() ? vars : Json.object());
        Path file = dir.resolve(".restore-env.json");
        Files.writeString(file, Json.compact(env) + "\n");
        log.accept("restoring " + fn + "'s original configuration (MemorySize " + mem + " MB, Environment) ...");
        boolean ok = false;
        for (int attempt = 1; attempt <= 5 && !ok; attempt++) {
            api.waitUpdated(fn);
            Api.Reply r = api.updateFunctionConfiguration(fn, mem, file);
            ok = r.ok();
            if (!ok) {
                log.accept("  restore attempt " + attempt + " failed: " + r.error());
                sleep(2000);
            }
        }
        api.waitUpdated(fn);
        Api.Reply now = ok ? api.getFunctionConfiguration(fn) : null;
        JsonNode cfg = now != null && now.ok() ? now.json() : null;
        JsonNode was = vars.isObject() ? vars : Json.object();
        JsonNode is = cfg == null ? null : cfg.path("Environment").path("Variables");
        if (cfg != null && cfg.path("MemorySize").asInt() == mem && (is.isObject() ? is : Json.object()).equals(was)) {
            restored = "yes";
            log.accept("restored: " + fn + " has its original MemorySize and Environment again");
            Files.deleteIfExists(file);
        } else {
            restored = "FAILED";
            log.accept("error: could NOT restore " + fn + "'s configuration; put it back by hand from results/"
                    + s.path("runId").asText() + "/original-configuration.json:");
            log.accept("  aws lambda update-function-configuration --function-name " + fn + " --memory-size " + mem
                    + " --environment file://results/" + s.path("runId").asText() + "/.restore-env.json");
            failures++;
        }
    }

    /** One query for the run's window; each size's records are those of its log streams. */
    private void collectLogs() throws IOException, InterruptedException {
        String group = logGroup();
        log.accept("collecting REPORT lines from CloudWatch Logs (" + group + ") ...");
        int expected = 0;
        List<String> names = new ArrayList<>();
        for (JsonNode c : cells) {
            names.add(c.path("name").asText());
            expected += Invocation.reports(read(c.path("name").asText())).size();
        }
        long deadline = System.currentTimeMillis() + 1000L * Long.parseLong(kit.env.getOrDefault("KIT_LOGS_TIMEOUT", "120"));
        JsonNode all;
        try {
            all = new Logs(api, log, Thread::sleep)
                    .fetch(group, s.path("startedMs").asLong(), expected, deadline, !local, "");
        } catch (Logs.QueryFailed e) {
            fail("filter-log-events on " + group + ": " + e.getMessage());
            all = Json.object().set("events", Json.array());
        }
        for (String cell : names) {
            Set<String> ids = new HashSet<>(Logs.requestIds(read(cell)));
            Json.write(dir.resolve("raw").resolve(cell + ".cloudwatch.json"), Logs.ofStreams(all, ids));
        }
    }

    private String read(String cell) throws IOException {
        Path p = dir.resolve("raw").resolve(cell + ".tail.log");
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    private int finish() throws IOException {
        String status = failures == 0 ? "complete" : "failed";
        Timing.Figures timed;
        synchronized (this) {
            timed = writeRunJson(status);
            finalWritten = true;
        }
        Files.deleteIfExists(dir.resolve(Experiments.SETTINGS));
        log.accept("raw lines kept in results/" + s.path("runId").asText() + "/ (status: " + status + ", " + failures
                + " failure(s), original configuration restored: " + restored + ")");
        log.accept(timed.line());
        return failures == 0 ? 0 : 1;
    }

    /** TERM or INT: stop the call in flight, put the configuration back, and record the run as failed. */
    private void interrupted() {
        synchronized (this) {
            if (finalWritten) {
                return;
            }
        }
        log.accept("interrupted: stopping the sweep");
        api.stop();
        try {
            // a client of its own: the sweep's stays stopped, so no call of the sweep runs beside the restore
            restore(Api.of(local, kit));
            synchronized (this) {
                if (!finalWritten) {
                    log.accept(writeRunJson("failed").line());
                    finalWritten = true;
                }
            }
            Files.deleteIfExists(dir.resolve(Experiments.SETTINGS));
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
        }
    }

    private void fail(String what) {
        failures++;
        log.accept("FAILED: " + what);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes run.json; its timing figures. */
    synchronized Timing.Figures writeRunJson(String status) throws IOException {
        JsonNode lookup = s.path("lookup");
        ObjectNode o = Json.object();
        o.set("runId", s.path("runId"));
        o.put("kind", "tune");
        o.set("startedAt", s.path("startedAt"));
        o.put("finishedAt", Facts.now());
        o.set("target", s.path("target"));
        o.put("stack", local ? "local" : "");
        o.put("region", Facts.region(s.path("region").asText(), kit.env));
        ObjectNode f = o.putObject("function");
        f.put("name", fn);
        f.set("logicalId", s.path("logicalId").asText().isEmpty() ? null : s.path("logicalId"));
        f.set("template", s.path("template").asText().isEmpty() ? null : s.path("template"));
        JsonNode runtime = original != null && original.hasNonNull("Runtime")
                ? original.path("Runtime")
                : lookup.path("runtime");
        f.set("runtime", runtime.isMissingNode() ? null : runtime);
        f.put(
                "architecture",
                original != null && original.path("Architectures").isArray()
                        ? architecture()
                        : lookup.path("architecture").asText("x86_64"));
        if (original == null || original.isMissingNode()) {
            o.putNull("originalConfiguration");
        } else {
            ObjectNode oc = o.putObject("originalConfiguration");
            oc.set("memoryMB", original.path("MemorySize"));
            JsonNode vars = original.path("Environment").path("Variables");
            oc.set("environment", vars.isObject() ? vars : Json.object());
        }
        o.put("restored", restored);
        o.set("machine", Facts.machine(info));
        o.put("cpuLimitMode", local ? info.path("cpuLimitMode").asText("unknown") : "lambda");
        o.put("jdk", local ? Facts.localJdks(info) : original == null ? "" : original.path("Runtime").asText(""));
        o.set("cold", s.path("cold"));
        o.set("warm", s.path("warm"));
        o.set("techniques", Json.array().add("tune"));
        o.set("memory", s.path("memory"));
        o.set("strategy", s.path("strategy"));
        o.set("balancedWeight", s.path("weight"));
        o.set("payloads", s.path("payloads"));
        Timing.Figures timed = timed();
        o.set("timing", timed.toJson());
        o.put("failures", failures);
        o.put("status", status);
        Json.write(dir.resolve("run.json"), o);
        return timed;
    }

    /** The wall time so far against the function time in the cells' tail logs (zero before the run started). */
    private Timing.Figures timed() throws IOException {
        if (timing == null) {
            return new Timing.Figures(0, 0);
        }
        List<String> tails = new ArrayList<>();
        for (JsonNode c : cells) {
            tails.add(read(c.path("name").asText()));
        }
        return timing.figures(tails);
    }
}
