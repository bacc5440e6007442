package locallambda;

import static locallambda.ReportLines.reportLine;
import static locallambda.ReportLines.tail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import locallambda.common.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigNotFoundException;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyStatusEnum;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Provisioned concurrency as Lambda allocates it: the template's ProvisionedConcurrencyConfig and the API's Put/Get/
 * Delete/List on a version or alias, READY once the environments finished their init; the calls they serve carry no
 * Init Duration and see the provisioned init type and java25's full tiered compilation; calls past the allocation spill
 * over to on-demand cold starts; its init is not boosted. Own server (test template provisioned-template.yaml).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisionedConcurrencyIT {
    private static final int MAX_ENVIRONMENTS = 4;
    private static final String STOP_AT_C1 = "-XX:TieredStopAtLevel=1";
    private static TestServer t;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.start(
                "target/it-provisioned/state",
                MAX_ENVIRONMENTS,
                60,
                o -> o.template = Paths.get("src/test/resources/provisioned-template.yaml"));
        lambda = t.lambda();
    }

    @AfterAll
    static void stop() {
        TestServer.stop(t == null ? null : t.server(), lambda, t == null ? null : t.logs());
        assertEquals(0, TestServer.runtimeChildren(), "child JVMs left running");
    }

    @Test
    @Order(1)
    void theTemplatesAllocationBecomesReadyAndIsListed() throws Exception {
        GetProvisionedConcurrencyConfigResponse r = awaitReady("ProvisionedFunction", "live");
        assertEquals(1, r.requestedProvisionedConcurrentExecutions());
        assertEquals(1, r.allocatedProvisionedConcurrentExecutions());
        assertEquals(1, r.availableProvisionedConcurrentExecutions());
        var listed = lambda.listProvisionedConcurrencyConfigs(b -> b.functionName("ProvisionedFunction"))
                .provisionedConcurrencyConfigs();
        assertEquals(1, listed.size());
        assertTrue(listed.get(0).functionArn().endsWith(":function:ProvisionedFunction:live"), listed.toString());
        JsonNode info = info().get("provisionedConcurrency");
        assertEquals(1, info.size(), info.toString());
        assertEquals("ProvisionedFunction", info.get(0).get("function").asText());
        assertEquals("READY", info.get(0).get("status").asText());
        assertTrue(lambda.listProvisionedConcurrencyConfigs(b -> b.functionName("OnDemandFunction"))
                .provisionedConcurrencyConfigs()
                .isEmpty());
    }

    @Test
    @Order(2)
    void aCallItServesHasNoInitDurationAndSeesTheProvisionedInit() throws Exception {
        awaitReady("ProvisionedFunction", "live");
        Call c = call("ProvisionedFunction:live", 0);
        assertFalse(c.report().contains("Init Duration"), c.report());
        assertEquals("provisioned-concurrency", c.initType());
        assertFalse(c.jvmFlags().contains(STOP_AT_C1), "java25 keeps full tiered compilation: " + c.jvmFlags());

        Call cold = call("ProvisionedFunction", 0); // $LATEST: on-demand
        assertTrue(cold.report().contains("Init Duration"), cold.report());
        assertEquals("on-demand", cold.initType());
        assertTrue(cold.jvmFlags().contains(STOP_AT_C1), cold.jvmFlags().toString());
    }

    @Test
    @Order(3)
    void callsBeyondTheAllocationSpillOverToColdStarts() throws Exception {
        awaitReady("ProvisionedFunction", "live");
        CompletableFuture<Call> a = CompletableFuture.supplyAsync(() -> call("ProvisionedFunction:live", 2500));
        CompletableFuture<Call> b = CompletableFuture.supplyAsync(() -> call("ProvisionedFunction:live", 2500));
        List<Call> calls = List.of(a.get(), b.get());
        long provisioned = calls.stream()
                .filter(c -> c.initType().equals("provisioned-concurrency"))
                .count();
        assertEquals(1, provisioned, calls.toString());
        Call spilled = calls.stream()
                .filter(c -> c.initType().equals("on-demand"))
                .findFirst()
                .orElseThrow();
        assertTrue(spilled.report().contains("Init Duration"), "a cold start: " + spilled.report());
        Call served = calls.stream()
                .filter(c -> c.initType().equals("provisioned-concurrency"))
                .findFirst()
                .orElseThrow();
        assertFalse(served.report().contains("Init Duration"), served.report());
    }

    @Test
    @Order(4)
    void latestMissingVersionsAndOversizedAllocationsAreRefused() {
        InvalidParameterValueException latest = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.putProvisionedConcurrencyConfig(b ->
                        b.functionName("OnDemandFunction").qualifier("$LATEST").provisionedConcurrentExecutions(1)));
        assertEquals(400, latest.statusCode());
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.putProvisionedConcurrencyConfig(
                        b -> b.functionName("OnDemandFunction").qualifier("9").provisionedConcurrentExecutions(1)));
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.putProvisionedConcurrencyConfig(b -> b.functionName("OnDemandFunction")
                        .qualifier("live")
                        .provisionedConcurrentExecutions(MAX_ENVIRONMENTS)));
        ProvisionedConcurrencyConfigNotFoundException none = assertThrows(
                ProvisionedConcurrencyConfigNotFoundException.class,
                () -> lambda.getProvisionedConcurrencyConfig(
                        b -> b.functionName("OnDemandFunction").qualifier("live")));
        assertEquals(404, none.statusCode());
    }

    @Test
    @Order(5)
    void deleteThenPutAgainAndItsInitIsNotBoosted() throws Exception {
        assumeTrue(!info().get("cpuLimitMode").asText().equals("none"), "needs CPU cgroups: the boost is a CPU quota");
        // an on-demand cold start at 256 MB: its init boosted to 1 vCPU (the JVM's first start pays for cold files)
        call("OnDemandFunction", 0);
        lambda.updateFunctionConfiguration(
                b -> b.functionName("OnDemandFunction").description("cold again"));
        long t0 = System.nanoTime();
        Call cold = call("OnDemandFunction", 0);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        assertTrue(cold.report().contains("Init Duration"), cold.report());

        for (int round = 0; round < 2; round++) {
            long p0 = System.nanoTime();
            var put = lambda.putProvisionedConcurrencyConfig(
                    b -> b.functionName("OnDemandFunction").qualifier("live").provisionedConcurrentExecutions(1));
            assertEquals(ProvisionedConcurrencyStatusEnum.IN_PROGRESS, put.status());
            awaitReady("OnDemandFunction", "live");
            double readyMs = (System.nanoTime() - p0) / 1e6;
            System.out.printf(
                    "provisioned init to READY %.0f ms vs a whole on-demand cold call %.0f ms at 256 MB%n",
                    readyMs, coldMs);
            // 256 MB = 0.145 vCPU without the boost: the same init takes several times as long
            assertTrue(
                    readyMs > 2 * coldMs,
                    "provisioned init " + readyMs + " ms vs a whole on-demand cold call " + coldMs + " ms");
            Call served = call("OnDemandFunction:live", 0);
            assertFalse(served.report().contains("Init Duration"), served.report());
            assertEquals("provisioned-concurrency", served.initType());

            lambda.deleteProvisionedConcurrencyConfig(
                    b -> b.functionName("OnDemandFunction").qualifier("live"));
            assertThrows(
                    ProvisionedConcurrencyConfigNotFoundException.class,
                    () -> lambda.getProvisionedConcurrencyConfig(
                            b -> b.functionName("OnDemandFunction").qualifier("live")));
            Call after = call("OnDemandFunction:live", 0);
            assertEquals("on-demand", after.initType(), "the allocation's environments are gone");
        }
    }

    // ---- helpers

    private record Call(String report, String initType, List<String> jvmFlags) {}

    private static Call call(String function, int sleepMs) {
        try {
            InvokeResponse r = lambda.invoke(b -> b.functionName(function)
                    .logType(LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String("{\"sleepMs\":" + sleepMs + "}")));
            assertNull(r.functionError(), r.payload().asUtf8String());
            JsonNode body = Json.MAPPER.readTree(r.payload().asUtf8String());
            List<String> flags = Json.MAPPER.convertValue(
                    body.get("inputArguments"),
                    Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
            return new Call(
                    reportLine(tail(r)),
                    body.at("/env/AWS_LAMBDA_INITIALIZATION_TYPE").asText(),
                    flags);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static GetProvisionedConcurrencyConfigResponse awaitReady(String function, String qualifier)
            throws InterruptedException {
        long until = System.nanoTime() + 120_000_000_000L;
        while (true) {
            var r = lambda.getProvisionedConcurrencyConfig(
                    b -> b.functionName(function).qualifier(qualifier));
            if (r.status() == ProvisionedConcurrencyStatusEnum.READY) {
                return r;
            }
            assertEquals(ProvisionedConcurrencyStatusEnum.IN_PROGRESS, r.status(), r.toString());
            assertTrue(System.nanoTime() < until, "not READY within 120 s: " + r);
            Thread.sleep(50);
        }
    }

    private static JsonNode info() throws Exception {
        return Json.MAPPER.readTree(URI.create(t.endpoint() + "/_local/info").toURL());
    }
}
