package locallambda;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import locallambda.api.LambdaApi;
import locallambda.api.LogsApi;
import locallambda.common.Bounds;
import locallambda.logs.LogStore;
import locallambda.registry.ArtifactBuilder;
import locallambda.registry.FunctionRegistry;
import locallambda.runtime.Invoker;
import locallambda.runtime.RuntimeArchive;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.CpuKeeper;
import locallambda.sandbox.JdkResolver;
import locallambda.sandbox.NativeClientLibrary;
import locallambda.sandbox.TmpIsolation;
import locallambda.template.FunctionConfig;
import locallambda.template.Template;

/**
 * Builds a whole server in named steps: state folder and lock, leases, runtime jars, host checks, template, threads,
 * CPU and memory limits, JDKs, runtime archives, private /tmp, builds, the invoker, then the APIs on one loopback port.
 * Each step's result is a finished part handed to the next steps; what a step takes is registered with the Teardown
 * the moment it is held. The server object is made only from finished parts, after the last step.
 */
final class Startup {
    private final Options opt;
    private final PrintStream out;
    private final Teardown teardown;
    // a synchronized list: lazy builds add to it while the server serves, /_local/info reads it
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    Startup(Options opt, PrintStream out, Teardown teardown) {
        this.opt = opt;
        this.out = out;
        this.teardown = teardown;
    }

    Main run() throws Exception {
        configureHttpServers();
        StateDirectory.prepare(opt.stateDir);
        ServerLock lock = ServerLock.take(opt.stateDir);
        if (lock == null) {
            throw new ServerLock.Taken(opt.stateDir);
        }
        teardown.add("lock", lock, ServerLock::release);
        out.println(
                "local-lambda pid " + ProcessHandle.current().pid() + " holds " + opt.stateDir.resolve("server.lock"));
        Leases leases = leaseFirst();
        Path runtimeDir = runtimeDir();
        checkHost();
        Path nativeLibrary = unpackNativeLibrary(runtimeDir);
        Template t = loadTemplate();
        ScheduledExecutorService timers = teardown.add(
                "timers",
                Executors.newScheduledThreadPool(2, Host.daemon("local-lambda-timer")),
                ExecutorService::shutdownNow);
        timers.scheduleWithFixedDelay(leases::reap, 500, 500, TimeUnit.MILLISECONDS);
        ExecutorService apiThreads = teardown.add("api threads", Bounds.apiExecutor(), ExecutorService::shutdownNow);
        ExecutorService io = teardown.add(
                "io threads",
                Executors.newCachedThreadPool(Host.daemon("local-lambda-io")),
                ExecutorService::shutdownNow);
        Cgroups cgroups = teardown.add("cgroups", limitCpuAndMemory(), Cgroups::removeAll);
        CpuKeeper keeper = teardown.add("cpu keeper", startKeeper(cgroups), CpuKeeper::close);
        FunctionRegistry registry = new FunctionRegistry();
        LogStore logs = new LogStore();
        Map<String, JdkResolver.Resolution> jdks = registerFunctions(t, registry, logs);
        Runtimes runtimes = new Runtimes(
                runtimeDir, nativeLibrary, jdks, prepareRuntimeArchives(jdks, runtimeDir, nativeLibrary, io));
        TmpIsolation tmp = isolateTmp(runtimes);
        t.logGroups.forEach(logs::createGroup);
        out.println("functions: " + registry.size() + " loaded from " + opt.template
                + (registry.size() == 0 ? "" : " (" + String.join(", ", registry.names()) + ")"));
        FunctionBuilds builds = prepareBuilds(registry, jdks);
        var factory = new EnvironmentFactory(registry, builds, runtimes, cgroups, tmp, logs, timers, io);
        Invoker invoker = teardown.add(
                "environments",
                new Invoker(opt.maxEnvironments, opt.idleTimeout, factory, registry::isCurrent, timers),
                Invoker::closeAll);
        var info = new ServerInfo(opt, cgroups, keeper, tmp, runtimes, registry, logs, leases, invoker, warnings);
        ApiServer server = new ApiServer(
                opt.port,
                new LambdaApi(registry, invoker, io),
                new LogsApi(logs),
                registry,
                opt.maxEnvironments,
                info::json,
                leases,
                apiThreads);
        // the first step of a stop: no new requests
        teardown.add("port", server, ApiServer::stopAccepting);
        server.start();
        allocateProvisionedConcurrency(registry, invoker);
        out.println("local-lambda ready on http://127.0.0.1:" + server.port());
        out.flush();
        return new Main(server, info, teardown);
    }

    /**
     * The template's ProvisionedConcurrencyConfig, allocated on each AutoPublishAlias as a deployment does: the
     * environments initialise from now on, in the background (GetProvisionedConcurrencyConfig says when READY).
     */
    private void allocateProvisionedConcurrency(FunctionRegistry registry, Invoker invoker) {
        for (FunctionConfig f : registry.functions()) {
            if (f.provisionedConcurrency > 0 && f.alias != null) {
                invoker.provisioned().put(registry.target(f, f.alias), f.alias, f.provisionedConcurrency);
                out.println("provisioned concurrency: " + f.name + ":" + f.alias + " " + f.provisionedConcurrency
                        + " environment" + (f.provisionedConcurrency == 1 ? "" : "s")
                        + " initialising now (no init CPU boost; READY once their init is done)");
            }
        }
    }

    private Template loadTemplate() throws IOException {
        Template t = Template.load(opt.template, opt.stackName, Template.parseOverrides(opt.overrides), opt.envVars);
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
    private Path runtimeDir() {
        Path dir = opt.runtimeDir != null ? opt.runtimeDir : Host.defaultRuntimeDir();
        if (dir == null || !Files.isDirectory(dir) || !Host.hasRuntimeClient(dir)) {
            throw new IllegalStateException("runtime jars (aws-lambda-java-runtime-interface-client) not found in "
                    + dir + ": build local-lambda with `mvn -f local-lambda/pom.xml package` or pass --runtime-dir");
        }
        return dir;
    }

    /** The RIC's JNI library, unpacked once for all environments (null: none for this platform, or it failed). */
    private Path unpackNativeLibrary(Path runtimeDir) {
        try {
            Path lib = NativeClientLibrary.unpack(runtimeDir, opt.stateDir);
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

    /** The leases (/_local/leases), with the first one (--lease-pid: the run that starts this server) taken now. */
    private Leases leaseFirst() {
        Leases leases = new Leases(ProcessHandle.current().pid(), opt.stopWhenUnleased, Startup::stopUnleased);
        if (opt.leasePid > 0 && leases.take(opt.leasePid).status() != 200) {
            throw new IllegalArgumentException("--lease-pid " + opt.leasePid + ": no such running process");
        }
        if (opt.stopWhenUnleased) {
            out.println("leases: " + (opt.leasePid > 0 ? "held by pid " + opt.leasePid + "; " : "")
                    + "this server stops itself when the last lease is gone (--stop-when-unleased)");
        }
        return leases;
    }

    /** The last lease went: exit, which runs the shutdown hook (the Teardown). */
    private static void stopUnleased() {
        Thread t = new Thread(
                () -> {
                    System.out.println("local-lambda: its last lease is gone (--stop-when-unleased): stopping");
                    System.out.flush();
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

    private Cgroups limitCpuAndMemory() {
        Cgroups cgroups = Cgroups.detect(
                        "local-lambda-" + ProcessHandle.current().pid(), opt.noCgroups)
                .initCpu(opt.initCpu)
                .targetPeriod(opt.cpuPeriodMicros);
        out.println("cpu limit: " + cgroups.describe());
        if (cgroups.limitsCpu()) {
            out.println("init cpu: " + opt.initCpu.describe());
        }
        return cgroups;
    }

    /** The CPU keeper, printed with the memory limit and what is missing (its place in the start-up output). */
    private CpuKeeper startKeeper(Cgroups cgroups) {
        CpuKeeper keeper = CpuKeeper.NONE;
        if (cgroups.limitsCpu()) {
            keeper = CpuKeeper.start(cgroups, opt.cpuKeeper);
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
        return keeper;
    }

    /** The template's functions, their log groups, and a JDK per runtime. */
    private Map<String, JdkResolver.Resolution> registerFunctions(
            Template t, FunctionRegistry registry, LogStore logs) {
        JdkResolver resolver = new JdkResolver();
        Map<String, JdkResolver.Resolution> jdks = new LinkedHashMap<>();
        for (FunctionConfig f : t.functions) {
            registry.register(f);
            logs.createGroup(f.logGroup);
            jdks.computeIfAbsent(f.runtime, rt -> resolveJdk(resolver, rt));
        }
        return jdks;
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
    private Map<Path, RuntimeArchive.Result> prepareRuntimeArchives(
            Map<String, JdkResolver.Resolution> jdks, Path runtimeDir, Path nativeLibrary, ExecutorService io) {
        Map<Path, RuntimeArchive.Result> archives = new LinkedHashMap<>();
        for (JdkResolver.Resolution r : jdks.values()) {
            if (r.jdk() == null || archives.containsKey(r.jdk().home())) {
                continue;
            }
            RuntimeArchive.Result a = opt.runtimeArchive
                    ? RuntimeArchive.prepare(r.jdk(), runtimeDir, nativeLibrary, opt.stateDir, io)
                    : new RuntimeArchive.Result(
                            null, "off (--no-runtime-archive): environments start with the JDK's default archive");
            archives.put(r.jdk().home(), a);
            out.println("runtime archive (CDS, as the managed runtime's -Xshare:on), JDK "
                    + r.jdk().version() + ": " + a.note());
            if (opt.runtimeArchive && a.file() == null) {
                warnings.add("no runtime CDS archive for JDK " + r.jdk().version() + ": Init Duration reads high");
            }
        }
        return archives;
    }

    /** A private /tmp per environment, unless asked not to or the server's own files are under /tmp. */
    private TmpIsolation isolateTmp(Runtimes runtimes) {
        // the environments read these at run time
        List<Path> needed = new ArrayList<>(List.of(runtimes.dir(), opt.stateDir));
        runtimes.jdks().values().forEach(r -> {
            if (r.jdk() != null) {
                needed.add(r.jdk().home());
            }
        });
        TmpIsolation tmp = TmpIsolation.decide(opt.privateTmp, needed);
        out.println("tmp: " + tmp.describe());
        return tmp;
    }

    /** The artifact builder; unless --lazy-build, every CodeUri is built now, before the first invocation. */
    private FunctionBuilds prepareBuilds(FunctionRegistry registry, Map<String, JdkResolver.Resolution> jdks) {
        var builds =
                new FunctionBuilds(new ArtifactBuilder(opt.stateDir.toAbsolutePath()), registry, jdks, out, warnings);
        if (opt.eagerBuild) {
            builds.buildAll();
        }
        return builds;
    }

    /** Warns (and records) what this host cannot do as Lambda does. */
    private void checkHost() {
        for (String msg : Host.limitations()) {
            out.println("warning: " + msg);
            warnings.add(msg);
        }
    }
}
