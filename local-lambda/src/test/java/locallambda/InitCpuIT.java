package locallambda;

import static locallambda.ReportLines.figure;
import static locallambda.ReportLines.reportLine;
import static locallambda.ReportLines.tail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import locallambda.common.Json;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.CpuShare;
import org.junit.jupiter.api.Test;
import report.Stats;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * The init phase runs at its own CPU allowance (1 vCPU by default, as Lambda's on-demand init), the invoke phase at
 * memory/1769 vCPU from the runtime's first /next; an init retried inside the invoke is throttled; --init-cpu throttled
 * throttles from the first instruction. Read from the environments' own cgroup files and from REPORT lines.
 */
class InitCpuIT {
    private static final long PERIOD = Cgroups.DEFAULT_PERIOD_US;

    /** The period and quota an environment of mb holds after its first /next. */
    private static CpuShare.Limit share(int mb) {
        return CpuShare.phaseLimits(1, mb / 1769.0, PERIOD)[1];
    }

    /** The same during an on-demand init: 1 vCPU, per the same period. */
    private static CpuShare.Limit boosted(int mb) {
        return CpuShare.phaseLimits(1, mb / 1769.0, PERIOD)[0];
    }

    @Test
    void coldStartsAreBoostedAndTheInvokePhaseIsThrottled() throws Exception {
        onCpuLimitedServer(o -> {}, t -> {
            // the JVM's first start pays for cold files: not counted
            setMemory(t, "EchoFunction", 1024, null);
            t.lambda().invoke(b -> b.functionName("EchoFunction").payload(SdkBytes.fromUtf8String("{}")));

            // round-robin, so a drift of the host's speed hits both sizes alike
            Map<Integer, List<Double>> init = Map.of(128, new ArrayList<>(), 1024, new ArrayList<>());
            Map<Integer, List<Double>> firstCall = Map.of(128, new ArrayList<>(), 1024, new ArrayList<>());
            for (int round = 0; round < 3; round++) {
                for (int mb : new int[] {128, 1024}) {
                    setMemory(t, "EchoFunction", mb, null);
                    InvokeResponse r = invoke(t, "EchoFunction", "{}");
                    assertNull(r.functionError(), r.payload().asUtf8String());
                    String report = reportLine(tail(r));
                    init.get(mb).add(figure(report, "Init Duration"));
                    firstCall.get(mb).add(figure(report, "Duration"));
                    // after the first /next the environment runs at its memory share: 7236 µs per 100 ms at 128 MB
                    JsonNode body = Json.MAPPER.readTree(r.payload().asUtf8String());
                    String stream = body.at("/env/AWS_LAMBDA_LOG_STREAM_NAME").asText();
                    CpuShare.Limit limit = limit(stream.substring(stream.indexOf(']') + 1));
                    assertEquals(share(mb), limit, "invoke-phase period and quota at " + mb + " MB");
                }
            }
            double initRatio =
                    Stats.of(init.get(128)).p50() / Stats.of(init.get(1024)).p50();
            double callRatio = Stats.of(firstCall.get(128)).p50()
                    / Stats.of(firstCall.get(1024)).p50();
            String figures = "Init " + init + ", first call " + firstCall;
            // Lambda: Init Duration the same at every size (~1.0), the cold call's Duration 14-34x longer at 128 MB
            assertTrue(initRatio > 1 / 1.5 && initRatio < 1.5, "Init(128)/Init(1024) = " + initRatio + ": " + figures);
            assertTrue(callRatio > 2, "cold call Duration(128)/Duration(1024) = " + callRatio + ": " + figures);
        });
    }

    @Test
    void theInitPhaseHasOneVcpuAtEverySize() throws Exception {
        onCpuLimitedServer(o -> {}, t -> {
            SlowInit init = SlowInit.start(t, "SleepFunction", 128, 2000);
            assertEquals(boosted(128), limit(init.env()), "1 vCPU while the static initializer sleeps, at 128 MB");
            InvokeResponse r = init.call().get();
            assertNull(r.functionError(), r.payload().asUtf8String());
            assertEquals(share(128), limit(init.env()), "memory share after the first /next");
        });
    }

    @Test
    void anInitRetriedInsideTheInvokeIsThrottled() throws Exception {
        onCpuLimitedServer(o -> {}, t -> {
            // 10.3 s: past the 10 s init limit, so Lambda retries the init inside the first invoke (timeout 15 s)
            SlowInit init = SlowInit.start(t, "SlowInitFunction", 1024, 10300);
            String env = init.env();
            assertEquals(boosted(1024), limit(env), "boosted during the on-demand init");
            String group = t.lambda()
                    .getFunction(b -> b.functionName("SlowInitFunction"))
                    .configuration()
                    .loggingConfig()
                    .logGroup();
            long until = System.nanoTime() + 30_000_000_000L;
            while (t.logs()
                    .filterLogEvents(b -> b.logGroupName(group).filterPattern("\"Status: timeout\""))
                    .events()
                    .isEmpty()) {
                assertTrue(System.nanoTime() < until, "no INIT_REPORT timeout line");
                Thread.sleep(100);
            }
            // the quota is rewritten before the timeout line is logged
            assertEquals(share(1024), limit(env), "the retried init runs at the memory share");
            InvokeResponse r = init.call().get();
            assertNull(r.functionError(), r.payload().asUtf8String());
            assertTrue(!reportLine(tail(r)).contains("Init Duration"), reportLine(tail(r)));
        });
    }

    @Test
    void initCpuThrottledThrottlesFromTheFirstInstruction() throws Exception {
        onCpuLimitedServer(o -> o.initCpu = CpuShare.InitCpu.THROTTLED, t -> {
            JsonNode info = Json.MAPPER.readTree(
                    URI.create(t.endpoint() + "/_local/info").toURL());
            assertEquals("throttled", info.get("initCpuMode").asText());
            SlowInit init = SlowInit.start(t, "SleepFunction", 128, 1500);
            assertEquals(share(128), limit(init.env()), "memory share during init too");
            assertNull(init.call().get().functionError());
        });
    }

    /**
     * Calls of milliseconds are throttled too: with the first model's 100 ms period a job needing less CPU than one
     * period's quota (7.2 ms at 128 MB) ran at full speed. Warm calls, 128 and 1769 MB in turns, medians. 128 MB
     * because its quota (1.45 ms of every 20 ms) is well below the short job on any host: at 256 MB the quota is 2.9 ms,
     * and on a fast host the "5 ms" job takes about that, so it fits in one period, unthrottled on Lambda's model too.
     */
    @Test
    void shortCallsAreThrottledByMemory() throws Exception {
        onCpuLimitedServer(o -> {}, t -> {
            Map<Integer, String> version = new TreeMap<>();
            for (int mb : new int[] {128, 1769}) {
                setMemory(t, "SpinFunction", mb, null);
                version.put(
                        mb,
                        t.lambda()
                                .publishVersion(b -> b.functionName("SpinFunction"))
                                .version());
            }
            // ~5 and ~50 ms of single-thread work at full speed (100k iterations took 2.9 ms on a fast host, too
            // close to one 4 ms tick to be a job that must throttle)
            Map<String, Long> jobs = Map.of("5 ms", 200_000L, "50 ms", 1_000_000L);
            Map<String, List<Double>> ms = new HashMap<>();
            for (int round = -3; round < 7; round++) {
                for (var job : jobs.entrySet()) {
                    for (var v : version.entrySet()) {
                        InvokeResponse r = t.lambda()
                                .invoke(b -> b.functionName("SpinFunction")
                                        .qualifier(v.getValue())
                                        .payload(SdkBytes.fromUtf8String("{\"n\":" + job.getValue() + "}")));
                        assertNull(r.functionError(), r.payload().asUtf8String());
                        double took = Json.MAPPER
                                .readTree(r.payload().asUtf8String())
                                .get("ms")
                                .asDouble();
                        if (round >= 0) {
                            ms.computeIfAbsent(job.getKey() + "@" + v.getKey(), k -> new ArrayList<>())
                                    .add(took);
                        }
                    }
                }
            }
            double model = 1769 / 128.0;
            double long50 = Stats.of(ms.get("50 ms@128")).p50()
                    / Stats.of(ms.get("50 ms@1769")).p50();
            double short5 = Stats.of(ms.get("5 ms@128")).p50()
                    / Stats.of(ms.get("5 ms@1769")).p50();
            // bounds wide enough for a host whose speed drifts mid-test (BENCHMARKS.md table 1b has the figures): the
            // 50 ms job follows the model; the 5 ms job needs a few 1.45 ms quotas, and CFS notices an overrun only at
            // one of the kernel's 4 ms ticks, so it reads faster than the model, but far from the unthrottled ~1x of
            // the 100 ms period
            String figures =
                    "128 vs 1769 MB, model " + model + "x: 50 ms job " + long50 + "x, 5 ms job " + short5 + "x: " + ms;
            // the long job's lower bound is loose because a busy host slows the unthrottled 1769 MB calls (read 8.2x
            // with two builds running) while the 128 MB ones stay bound by their quota; the 100 ms period read ~1-1.8x
            // for the short job, the 20 ms one reads 8-13x
            assertTrue(long50 >= 0.5 * model && long50 <= 1.2 * model, figures);
            assertTrue(short5 >= 3 && short5 <= 1.2 * model, figures);
        });
    }

    // ---- helpers

    /** What a test does with its server. */
    private interface ServerTest {
        void run(TestServer t) throws Exception;
    }

    /**
     * Runs the test on a server of its own (2 environments) and stops it after; skipped where the host has no cgroup
     * CPU limit, since every figure here is read from one.
     */
    private static void onCpuLimitedServer(Consumer<Options> options, ServerTest test) throws Exception {
        TestServer t = TestServer.start("target/it-initcpu/state", 2, 600, options);
        try {
            assumeTrue(cpuLimited(t), "no cgroup CPU limit on this host");
            test.run(t);
        } finally {
            t.server().stop();
        }
    }

    /** An invocation whose cold start sleeps sleepMs in its static initializer, and the environment it started. */
    private record SlowInit(String env, CompletableFuture<InvokeResponse> call) {
        static SlowInit start(TestServer t, String fn, int mb, int sleepMs) throws Exception {
            setMemory(t, fn, mb, Map.of("INIT_SLEEP_MS", Integer.toString(sleepMs)));
            List<String> before = environments();
            CompletableFuture<InvokeResponse> call = CompletableFuture.supplyAsync(() -> invoke(t, fn, "{\"ms\":1}"));
            return new SlowInit(awaitNewEnvironment(before), call);
        }
    }

    private static boolean cpuLimited(TestServer t) throws Exception {
        JsonNode info =
                Json.MAPPER.readTree(URI.create(t.endpoint() + "/_local/info").toURL());
        return !info.get("cpuLimitMode").asText().equals("none");
    }

    private static void setMemory(TestServer t, String fn, int mb, Map<String, String> env) {
        t.lambda().updateFunctionConfiguration(b -> {
            b.functionName(fn).memorySize(mb);
            if (env != null) {
                b.environment(e -> e.variables(env));
            }
        });
    }

    private static InvokeResponse invoke(TestServer t, String fn, String payload) {
        return t.lambda()
                .invoke(b -> b.functionName(fn).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
    }

    /** This test JVM's kit group for cpu (the server runs in this process): v1 or v2. */
    private static Path kitGroup() {
        String name = "local-lambda-" + ProcessHandle.current().pid();
        for (String root :
                List.of("/sys/fs/cgroup/" + name, "/sys/fs/cgroup/unified/" + name, "/sys/fs/cgroup/cpu/" + name)) {
            Path p = Paths.get(root);
            if (Files.isDirectory(p)
                    && (Files.exists(p.resolve("cpu.max")) || Files.exists(p.resolve("cpu.cfs_quota_us")))) {
                return p;
            }
        }
        throw new AssertionError("no cpu cgroup " + name);
    }

    /** An environment's CFS quota and period, read from its group's files (v1 two files, v2 cpu.max). */
    private static CpuShare.Limit limit(String envId) throws Exception {
        Path g = kitGroup().resolve(envId);
        Path v1 = g.resolve("cpu.cfs_quota_us");
        if (Files.exists(v1)) {
            return new CpuShare.Limit(
                    Long.parseLong(Files.readString(v1).trim()),
                    Long.parseLong(
                            Files.readString(g.resolve("cpu.cfs_period_us")).trim()));
        }
        String[] v = Files.readString(g.resolve("cpu.max")).trim().split("\\s+");
        return new CpuShare.Limit(v[0].equals("max") ? -1 : Long.parseLong(v[0]), Long.parseLong(v[1]));
    }

    private static List<String> environments() throws Exception {
        try (var s = Files.list(kitGroup())) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9a-f]{32}"))
                    .toList();
        }
    }

    private static String awaitNewEnvironment(List<String> before) throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            for (String e : environments()) {
                if (!before.contains(e)) {
                    Thread.sleep(300); // the group exists a moment before its quota is written
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new environment within 10 s");
    }
}
