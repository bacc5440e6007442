package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationsTest {
    private static final String NOT_FOUND = "An error occurred (ProvisionedConcurrencyConfigNotFoundException) when "
            + "calling the GetProvisionedConcurrencyConfig operation: No Provisioned Concurrency Config found";

    /** A Lambda whose Get answers the statuses given, then NotFound once the allocation is deleted. */
    private static final class FakeLambda extends NoApi {
        final Deque<String> statuses = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();
        boolean allocated;
        boolean deleteWorks = true;

        @Override
        public Reply putProvisionedConcurrency(String function, String qualifier, int environments) {
            calls.add("put " + function + ":" + qualifier + " " + environments);
            allocated = true;
            return Reply.ok("{\"Status\":\"IN_PROGRESS\"}");
        }

        @Override
        public Reply getProvisionedConcurrency(String function, String qualifier) {
            calls.add("get");
            if (!allocated) {
                return Reply.failed(NOT_FOUND);
            }
            String s = statuses.isEmpty() ? "READY" : statuses.poll();
            return Reply.ok("{\"Status\":\"" + s + "\",\"StatusReason\":\"init failed\","
                    + "\"AllocatedProvisionedConcurrentExecutions\":0}");
        }

        @Override
        public Reply deleteProvisionedConcurrency(String function, String qualifier) {
            calls.add("delete " + function + ":" + qualifier);
            allocated = !deleteWorks;
            return deleteWorks ? Reply.ok("") : Reply.failed("An error occurred (ServiceException)");
        }
    }

    private static final class FakeClock implements Allocations.Clock {
        long now;

        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public void sleep(long ms) {
            now += ms;
        }
    }

    @Test
    void waitsUntilReadyAndSaysWhatItWaitsFor() throws Exception {
        List<String> log = new ArrayList<>();
        FakeClock clock = new FakeClock();
        Allocations a = new Allocations(log::add, clock, 10_000, 600_000);
        FakeLambda lambda = new FakeLambda();
        for (int i = 0; i < 5; i++) {
            lambda.statuses.add("IN_PROGRESS");
        }
        assertNull(a.allocate(lambda, "Fn", "3", 2));
        assertEquals("put Fn:3 2", lambda.calls.get(0));
        assertEquals(7, lambda.calls.size(), "put, 5 IN_PROGRESS and the READY: " + lambda.calls);
        assertTrue(log.get(0).contains("Fn:3: waiting for 2 provisioned environments to be READY"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("still waiting for READY (0 of 2 allocated, 30 s)")), log.toString());
        assertTrue(log.get(log.size() - 1).contains("READY after 50 s"), log.toString());
        assertTrue(a.anyHeld());
        assertNull(a.release(lambda, "Fn", "3"));
        assertFalse(a.anyHeld(), "gone once Get answers NotFound");
    }

    @Test
    void aFailedOrEndlessAllocationIsReportedAndStillReleased() throws Exception {
        List<String> log = new ArrayList<>();
        FakeLambda lambda = new FakeLambda();
        lambda.statuses.add("FAILED");
        Allocations a = new Allocations(log::add, new FakeClock(), 1000, 5000);
        assertEquals("provisioned concurrency FAILED: init failed", a.allocate(lambda, "Fn", "1", 1));
        for (int i = 0; i < 100; i++) {
            lambda.statuses.add("IN_PROGRESS");
        }
        assertTrue(a.allocate(lambda, "Fn", "1", 1).contains("still IN_PROGRESS after 5 s"));
        a.releaseAll(lambda);
        assertTrue(log.get(log.size() - 1).endsWith("Fn:1: provisioned concurrency released"), log.toString());
        assertFalse(a.anyHeld());
    }

    @Test
    void anAllocationThatDoesNotGoIsNamedWithTheCommandThatRemovesIt() throws Exception {
        List<String> log = new ArrayList<>();
        FakeLambda lambda = new FakeLambda();
        Allocations a = new Allocations(log::add, new FakeClock(), 1000, 5000);
        assertNull(a.allocate(lambda, "Fn", "4", 1));
        lambda.deleteWorks = false;
        a.releaseAll(lambda);
        String last = log.get(log.size() - 1);
        assertTrue(last.startsWith("WARNING: Fn:4: provisioned concurrency NOT released"), last);
        assertTrue(last.contains("delete-provisioned-concurrency-config --function-name Fn --qualifier 4"), last);
        assertTrue(a.anyHeld());
    }
}
