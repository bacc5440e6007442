package locallambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeasesTest {
    private static final long ME = ProcessHandle.current().pid();
    private static final long PARENT =
            ProcessHandle.current().parent().orElseThrow().pid();

    @Test
    void aPidIsTakenOnlyAsTheWholeQueryInRange() {
        assertEquals(1234L, Leases.pidOf("pid=1234"));
        assertEquals(Leases.MAX_PID, Leases.pidOf("pid=" + Leases.MAX_PID));
        for (String hostile : new String[] {
            null,
            "",
            "pid=",
            "pid=0",
            "pid=-1",
            "pid=01",
            "pid=12a",
            "pid=1&pid=2",
            "pid=1&x=y",
            "x=1",
            "pid=4194305",
            "pid=99999999999",
            "pid=%31",
            "pid=1 ",
            "PID=1"
        }) {
            assertNull(Leases.pidOf(hostile), hostile);
        }
    }

    @Test
    void takeReleaseAndListByPid() {
        AtomicInteger stops = new AtomicInteger();
        Leases l = new Leases(ME, true, stops::incrementAndGet);
        assertEquals(200, l.handle("POST", "pid=" + PARENT).status());
        assertEquals(200, l.handle("POST", "pid=" + PARENT).status(), "taking it again is the same lease");
        assertEquals(List.of(PARENT), l.holders());
        Leases.Answer listed = l.handle("GET", null);
        assertEquals(PARENT, listed.body().path("holders").get(0).asLong());
        assertTrue(listed.body().path("stopsWhenUnleased").asBoolean());
        assertEquals(0, stops.get());
        Leases.Answer released = l.handle("DELETE", "pid=" + PARENT);
        assertTrue(released.body().path("stopping").asBoolean(), released.body()::toString);
        assertEquals(1, stops.get(), "the last lease gone: the server stops, once");
        l.reap();
        assertEquals(1, stops.get());
        assertEquals(409, l.handle("POST", "pid=" + PARENT).status(), "a stopping server takes no new lease");
    }

    @Test
    void hostileRequestsAreRefused() {
        Leases l = new Leases(ME, true, () -> {});
        assertEquals(400, l.handle("POST", "pid=" + ME + "x").status());
        assertEquals(400, l.handle("POST", "pid=" + ME).status(), "the server itself");
        assertEquals(400, l.handle("POST", "pid=" + unusedPid()).status(), "no such process");
        assertEquals(405, l.handle("PUT", "pid=" + PARENT).status());
        assertEquals(400, l.handle("DELETE", "pid=../../x").status());
        assertFalse(l.stopping(), "nothing was ever held: no stop");
    }

    @Test
    void aServerWithoutTheFlagNeverStops() {
        AtomicInteger stops = new AtomicInteger();
        Leases l = new Leases(ME, false, stops::incrementAndGet);
        l.handle("POST", "pid=" + PARENT);
        l.handle("DELETE", "pid=" + PARENT);
        assertEquals(0, stops.get());
        assertFalse(l.stopping());
    }

    @Test
    void aLeaseEndsWithItsProcess() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        Leases l = new Leases(ME, true, stops::incrementAndGet);
        Process p = new ProcessBuilder("sleep", "60").start();
        try {
            assertEquals(200, l.handle("POST", "pid=" + p.pid()).status());
            l.reap();
            assertEquals(List.of(p.pid()), l.holders());
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        }
        l.reap();
        assertEquals(List.of(), l.holders());
        assertEquals(1, stops.get());
    }

    @Test
    void atMostMaxLeases() {
        Leases l = new Leases(ME, false, () -> {});
        List<ProcessHandle> live = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ME && p.isAlive())
                .limit(Leases.MAX + 1)
                .toList();
        if (live.size() <= Leases.MAX) {
            return; // too few processes on this machine to fill the table
        }
        for (int i = 0; i < Leases.MAX; i++) {
            assertEquals(200, l.take(live.get(i).pid()).status());
        }
        assertEquals(429, l.take(live.get(Leases.MAX).pid()).status());
        assertEquals(200, l.take(live.get(0).pid()).status(), "a holder may take its lease again");
    }

    private static long unusedPid() {
        for (long pid = Leases.MAX_PID; pid > 1; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
        throw new AssertionError("every pid is in use");
    }
}
