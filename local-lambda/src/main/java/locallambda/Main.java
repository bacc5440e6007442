package locallambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import locallambda.api.LambdaApi;
import locallambda.api.LogsApi;
import locallambda.common.Bounds;
import locallambda.common.Json;
import locallambda.logs.LogStore;
import locallambda.registry.ArtifactBuilder;
import locallambda.registry.FunctionRegistry;
import locallambda.runtime.EnvironmentHost;
import locallambda.runtime.ExecutionEnvironment;
import locallambda.runtime.Invoker;
import locallambda.runtime.RuntimeArchive;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.CpuKeeper;
import locallambda.sandbox.JdkResolver;
import locallambda.sandbox.NativeClientLibrary;
import locallambda.sandbox.TmpIsolation;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;
import locallambda.template.Template;

/**
 * The local Lambda: {@code java -jar local-lambda.jar [options]}; the options and their meaning are listed once, in
 * {@link Options#usage()}. Starts in named steps (see {@link #start}): state folder, runtime jars, host checks, template,
 * CPU and memory limits, JDKs, runtime archives, private /tmp, builds, then the APIs on one loopback port.
 */
public final class Main {
    final FunctionRegistry registry = new FunctionRegistry();
    final Map<String, JdkResolver.Resolution> jdks = new LinkedHashMap<>();
    final Map<Path, RuntimeArchive.Result> archives = new LinkedHashMap<>(); // by JDK home
    final LogStore logs = new LogStore();
    final List<String> warnings = new ArrayList<>();
    private final PrintStream out;
    private Options opt;
    private Cgroups cgroups;
    private CpuKeeper keeper;
    private Invoker invoker;
    private ApiServer server;
    private ExecutorService io;
    private ScheduledExecutorService timers;
    private volatile boolean stopped;
    private Path nativeLibrary;
    private Path runtimeDir;
    private FunctionBuilds builds;
    private ServerLock lock;
    private Leases leases;

    Main(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        Main m = new Main(System.out);
        // in place before start does anything: a server killed while starting still removes its cgroups and children
        Runtime.getRuntime().addShutdownHook(new Thread(m::stop, "local-lambda-shutdown"));
        try {
            m.start(Options.parse(args));
        } catch (ServerLock.Taken e) {
            System.err.println("local-lambda: " + e.getMessage());
            System.exit(ServerLock.TAKEN);
        } catch (IllegalArgumentException e) {
            System.err.println("local-lambda: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("local-lambda: cannot start: " + e);
            m.stop();
            System.exit(1);
        }
    }

    int port() {
        return server.port();
    }

    void start(Options o) throws Exception {
        this.opt = o;
        configureHttpServers();
        StateDirectory.prepare(o.stateDir);
        lock = ServerLock.take(o.stateDir);
        if (lock == null) {
            throw new ServerLock.Taken(o.stateDir);
        }
        out.println(
                "local-lambda pid " + ProcessHandle.current().pid() + " holds " + o.stateDir.resolve("server.lock"));
        leaseFirst(o);
        runtimeDir = runtimeDir(o);
        checkHost();
        nativeLibrary = unpackNativeLibrary(o);
        Template t = loadTemplate(o);
        startThreads();
        limitCpuAndMemory(o);
        registerFunctions(t);
        prepareRuntimeArchives(o);
        isolateTmp(o);
        t.logGroups.forEach(logs::createGroup);
        out.println("functions: " + registry.size() + " loaded from " + o.template
                + (registry.size() == 0 ? "" : " (" + String.join(", ", registry.names()) + ")"));
        prepareBuilds(o);
        invoker = new Invoker(o.maxEnvironments, o.idleTimeout, this::newEnvironment, registry::isCurrent, timers);
        serveApis(o);
        out.println("local-lambda ready on http://127.0.0.1:" + port());
        out.flush();
    }

    private Template loadTemplate(Options o) throws IOException {
        Template t = Template.load(o.template, o.stackName, Template.parseOverrides(o.overrides), o.envVars);
        t.notes.forEach(n -> out.println("note: " + n));
        return t;
    }

    private static void configureHttpServers() {
        // The JDK server writes headers and body in separate segments: without TCP_NODELAY, Nagle + delayed ACK add
        // ~40 ms stalls to Runtime API and Invoke round trips, which would land in Duration. Must be set before the
        // first HttpServer is created (the property is read once).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // A client that stalls while sending its request is cut off (slowloris).
        // Responses are not timed: an invoke runs up to 15 min.
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(Bounds.MAX_REQUEST_SECONDS));
    }

    /** The runtime jars for the child JVMs: --runtime-dir, else target/runtime next to this jar. */
    private static Path runtimeDir(Options o) {
        Path dir = o.runtimeDir != null ? o.runtimeDir : Host.defaultRuntimeDir();
        if (dir == null || !Files.isDirectory(dir) || !Host.hasRuntimeClient(dir)) {
            throw new IllegalStateException("runtime jars (aws-lambda-java-runtime-interface-client) not found in "
                    + dir + ": build local-lambda with `mvn -f local-lambda/pom.xml package` or pass --runtime-dir");
        }
        return dir;
    }

    /** The RIC's JNI library, unpacked once for all environments (null: none for this platform, or it failed). */
    private Path unpackNativeLibrary(Options o) {
        try {
            Path lib = NativeClientLibrary.unpack(runtimeDir, o.stateDir);
            out.println("runtime native client: "
                    + (lib == null
                            ? "none for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                                    + " (the RIC looks for its own)"
                            : lib + " (one copy for all environments)"));
            return lib;
        } catch (IOException e) {
            out.println("warning: could not unpack the runtime client's native library (" + e.getMessage()
                    + "): environments unpack it to /tmp themselves, and environments starting together may crash");
            warnings.add("native client library not unpacked");
            return null;
        }
    }

    private void startThreads() {
        io = Executors.newCachedThreadPool(Host.daemon("local-lambda-io"));
        timers = Executors.newScheduledThreadPool(2, Host.daemon("local-lambda-timer"));
        timers.scheduleWithFixedDelay(leases::reap, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** The leases (/_local/leases), with the first one (--lease-pid: the run that starts this server) taken now. */
    private void leaseFirst(Options o) {
        leases = new Leases(ProcessHandle.current().pid(), o.stopWhenUnleased, this::stopUnleased);
        if (o.leasePid > 0 && leases.take(o.leasePid).status() != 200) {
            throw new IllegalArgumentException("--lease-pid " + o.leasePid + ": no such running process");
        }
        if (o.stopWhenUnleased) {
            out.println("leases: " + (o.leasePid > 0 ? "held by pid " + o.leasePid + "; " : "")
                    + "this server stops itself when the last lease is gone (--stop-when-unleased)");
        }
    }

    /** The last lease went: exit, which runs the shutdown hook (stop). */
    private void stopUnleased() {
        Thread t = new Thread(
                () -> {
                    out.println("local-lambda: its last lease is gone (--stop-when-unleased): stopping");
                    out.flush();
                    try {
                        // the release that ended the last lease gets its answer first
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(0);
                },
                "local-lambda-unleased");
        t.start();
    }

    private void limitCpuAndMemory(Options o) {
        cgroups = Cgroups.detect("local-lambda-" + ProcessHandle.current().pid(), o.noCgroups)
                .initCpu(o.initCpu)
                .targetPeriod(o.cpuPeriodMicros);
        out.println("cpu limit: " + cgroups.describe());
        if (cgroups.limitsCpu()) {
            out.println("init cpu: " + o.initCpu.describe());
            keeper = CpuKeeper.start(cgroups, o.cpuKeeper);
            out.println("cpu keeper: " + keeper.description);
        }
        out.println("memory limit: " + cgroups.describeMemory());
        if (!cgroups.limitsCpu()) {
            warnings.add("no CPU limit: " + cgroups.reason);
            out.println(
                    "warning: no CPU limit (" + cgroups.reason
                            + "). What still works: every API, logs, timing, memory. "
                            + "What does not: CPU scaling with memory. To fix: run as root on Linux with cgroup v1 cpu or v2 cpu delegated.");
        }
    }

    /** The template's functions, their log groups, and a JDK per runtime. */
    private void registerFunctions(Template t) {
        JdkResolver resolver = new JdkResolver();
        for (FunctionConfig f : t.functions) {
            registry.register(f);
            logs.createGroup(f.logGroup);
            jdks.computeIfAbsent(f.runtime, rt -> resolveJdk(resolver, rt));
        }
    }

    private JdkResolver.Resolution resolveJdk(JdkResolver resolver, String rt) {
        JdkResolver.Resolution r = resolver.resolve(rt);
        if (r.jdk() == null) {
            out.println("jdk " + rt + ": NO JDK " + r.wanted()
                    + " or newer installed: its functions fail to start; install one "
                    + "(e.g. apt-get install openjdk-" + r.wanted() + "-jdk-headless) or set LOCAL_LAMBDA_JDK_"
                    + r.wanted() + "=/path");
            warnings.add("no JDK for " + rt);
        } else if (r.exact()) {
            out.println("jdk " + rt + ": JDK " + r.jdk().version() + " at "
                    + r.jdk().home());
        } else {
            out.println("jdk " + rt + ": JDK " + r.wanted() + " not installed, using the nearest newer: JDK "
                    + r.jdk().version() + " at " + r.jdk().home() + " (NOT exact; set LOCAL_LAMBDA_JDK_" + r.wanted()
                    + " to pin one)");
            warnings.add(rt + " runs on JDK " + r.jdk().version() + " (not exact)");
        }
        return r;
    }

    /** One runtime CDS archive per JDK (a static -Xshare:dump archive, as the managed runtime's -Xshare:on). */
    private void prepareRuntimeArchives(Options o) {
        for (JdkResolver.Resolution r : jdks.values()) {
            if (r.jdk() == null || archives.containsKey(r.jdk().home())) {
                continue;
            }
            RuntimeArchive.Result a = o.runtimeArchive
                    ? RuntimeArchive.prepare(r.jdk(), runtimeDir, nativeLibrary, o.stateDir, io)
                    : new RuntimeArchive.Result(
                            null, "off (--no-runtime-archive): environments start with the JDK's default archive");
            archives.put(r.jdk().home(), a);
            out.println("runtime archive (CDS, as the managed runtime's -Xshare:on), JDK "
                    + r.jdk().version() + ": " + a.note());
            if (o.runtimeArchive && a.file() == null) {
                warnings.add("no runtime CDS archive for JDK " + r.jdk().version() + ": Init Duration reads high");
            }
        }
    }

    /** A private /tmp per environment, unless asked not to or the server's own files are under /tmp. */
    private void isolateTmp(Options o) {
        if (!o.privateTmp) {
            TmpIsolation.disable("--shared-tmp");
        }
        List<Path> needed = new ArrayList<>(List.of(runtimeDir, o.stateDir));
        jdks.values().forEach(r -> {
            if (r.jdk() != null) {
                needed.add(r.jdk().home());
            }
        });
        for (Path p : needed) {
            // the environments read these at run time: a private /tmp mounted over the host's would hide them
            if (Host.underTmp(p)) {
                TmpIsolation.disable(
                        "the local Lambda's own files are under /tmp (" + p + "), which a private /tmp would hide");
            }
        }
        out.println("tmp: " + TmpIsolation.describe());
    }

    /** The artifact builder; unless --lazy-build, every CodeUri is built now, before the first invocation. */
    private void prepareBuilds(Options o) {
        builds = new FunctionBuilds(new ArtifactBuilder(o.stateDir.toAbsolutePath()), registry, jdks, out, warnings);
        if (o.eagerBuild) {
            builds.buildAll();
        }
    }

    /** The Invoker's factory: a started execution environment of fn (its artifact built first if need be). */
    private ExecutionEnvironment newEnvironment(FunctionConfig fn) throws Exception {
        ArtifactBuilder.Artifact a = registry.artifact(fn);
        if (a == null) {
            a = builds.build(fn, 1, 1);
        }
        if (a == null) {
            throw new IllegalStateException("build failed: " + registry.buildError(fn));
        }
        JdkResolver.Resolution r = jdks.get(fn.runtime);
        if (r == null || r.jdk() == null) {
            throw new IllegalStateException("no JDK for " + fn.runtime);
        }
        Path archive = archives.getOrDefault(r.jdk().home(), new RuntimeArchive.Result(null, ""))
                .file();
        EnvironmentHost host = new EnvironmentHost(
                r.jdk(), runtimeDir.toAbsolutePath(), archive, nativeLibrary, cgroups, logs, timers, io);
        ExecutionEnvironment env = new ExecutionEnvironment(fn, a.dir(), host);
        try {
            env.start();
        } catch (Exception | Error e) {
            // a start that fails gives back what it took: JVM, Runtime API server, cgroups, channels, /tmp
            env.destroy();
            env.cleanup();
            throw e;
        }
        return env;
    }

    /** The Lambda and Logs APIs on one loopback port, behind the request guard (ApiServer). */
    private void serveApis(Options o) throws IOException {
        LambdaApi lambda = new LambdaApi(registry, invoker, io);
        server = new ApiServer(o.port, lambda, new LogsApi(logs), registry, o.maxEnvironments, this::info, leases);
        server.start();
    }

    ObjectNode info() {
        ObjectNode o = Json.object();
        o.put("cpuLimitMode", cgroups.cpuLimitMode());
        o.put("cpuLimit", cgroups.describe());
        // which init-phase model made this server's figures; "none" when nothing is throttled at all
        o.put("initCpuMode", cgroups.limitsCpu() ? opt.initCpu.label : "none");
        o.put("initCpu", opt.initCpu.describe());
        o.put("cpuPeriodMs", cgroups.targetPeriodMicros() / 1000.0);
        o.put("cpuKeeper", keeper == null ? "none" : keeper.mode);
        o.put("memoryLimit", cgroups.describeMemory());
        o.put("tmp", TmpIsolation.describe());
        o.put("cpuModel", Host.cpuModel());
        o.put("cores", cgroups.hostCores());
        o.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        ObjectNode j = o.putObject("jdks");
        jdks.forEach((rt, r) -> {
            ObjectNode x = j.putObject(rt);
            x.put("home", r.jdk() == null ? null : r.jdk().home().toString());
            x.put("version", r.jdk() == null ? null : r.jdk().version());
            x.put("exact", r.exact());
            RuntimeArchive.Result a =
                    r.jdk() == null ? null : archives.get(r.jdk().home());
            x.put(
                    "runtimeArchive",
                    a == null || a.file() == null ? null : a.file().toString());
        });
        o.put("nativeLibrary", nativeLibrary == null ? null : nativeLibrary.toString());
        o.put("stackName", opt.stackName);
        o.put("region", Arns.REGION);
        o.put("maxEnvironments", opt.maxEnvironments);
        o.put("idleTimeoutSeconds", opt.idleTimeout);
        o.put("environments", invoker == null ? 0 : invoker.environmentCount());
        o.put("functions", registry.size());
        o.put("logStoreBytes", logs.storedBytes());
        o.set("leases", leases.describe());
        var w = o.putArray("warnings");
        warnings.forEach(w::add);
        return o;
    }

    /** Kills every child JVM and removes every cgroup. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        // in this order (no new requests, no environments, no cgroups, then the threads); a start that failed early
        // leaves some of them unset
        whenSet(server, ApiServer::stopAccepting);
        whenSet(invoker, Invoker::closeAll);
        whenSet(cgroups, Cgroups::removeAll);
        whenSet(keeper, CpuKeeper::close);
        whenSet(io, ExecutorService::shutdownNow);
        whenSet(server, ApiServer::stopThreads);
        whenSet(timers, ExecutorService::shutdownNow);
        whenSet(lock, ServerLock::release);
    }

    private static <T> void whenSet(T part, Consumer<T> step) {
        if (part != null) {
            step.accept(part);
        }
    }

    /** Warns (and records) what this host cannot do as Lambda does. */
    private void checkHost() {
        for (String msg : Host.limitations()) {
            out.println("warning: " + msg);
            warnings.add(msg);
        }
    }
}
