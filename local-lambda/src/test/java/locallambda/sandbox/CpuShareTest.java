package locallambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpuShareTest {
    @Test
    void onDemandInitGetsOneVcpuOrTheMemoryShareIfLarger() {
        assertEquals(1.0, CpuShare.initVcpus(CpuShare.InitCpu.ONE, false, 128, 2));
        assertEquals(1.0, CpuShare.initVcpus(CpuShare.InitCpu.ONE, false, 1024, 2));
        assertEquals(3008 / 1769.0, CpuShare.initVcpus(CpuShare.InitCpu.ONE, false, 3008, 2), 1e-9);
        assertEquals(2.0, CpuShare.initVcpus(CpuShare.InitCpu.ONE, false, 10240, 2), "never more than the host has");
        assertEquals(1.0, CpuShare.initVcpus(CpuShare.InitCpu.TWO, false, 128, 1), "capped at a 1-core host");
        assertEquals(2.0, CpuShare.initVcpus(CpuShare.InitCpu.TWO, false, 128, 4));
    }

    @Test
    void provisionedAndThrottledInitsGetTheMemoryShare() {
        assertEquals(128 / 1769.0, CpuShare.initVcpus(CpuShare.InitCpu.ONE, true, 128, 2), 1e-9);
        assertEquals(128 / 1769.0, CpuShare.initVcpus(CpuShare.InitCpu.THROTTLED, false, 128, 2), 1e-9);
        assertEquals(CpuShare.invokeVcpus(512, 2), CpuShare.initVcpus(CpuShare.InitCpu.TWO, true, 512, 2));
    }

    @Test
    void quotasFollowTheModelAndTheKernelFloor() {
        assertEquals(7236, CpuShare.quotaMicros(CpuShare.invokeVcpus(128, 2), 100_000));
        assertEquals(100_000, CpuShare.quotaMicros(CpuShare.invokeVcpus(1769, 2), 100_000));
        assertEquals(170_040, CpuShare.quotaMicros(CpuShare.invokeVcpus(3008, 2), 100_000));
        assertEquals(1000, CpuShare.quotaMicros(0.001, 100_000));
    }

    @Test
    void periodsAreShortBelowOneVcpuButKeepTheQuotaAtOneMillisecondOrMore() {
        assertEquals(new CpuShare.Limit(1_447, 20_000), CpuShare.limit(CpuShare.invokeVcpus(128, 2), 20_000));
        assertEquals(new CpuShare.Limit(11_577, 20_000), CpuShare.limit(CpuShare.invokeVcpus(1024, 2), 20_000));
        // 128 MB under a 5 ms target: a 0.36 ms quota would be below the kernel's 1 ms, so the period grows to 13.8 ms
        CpuShare.Limit at128 = CpuShare.limit(CpuShare.invokeVcpus(128, 2), 5_000);
        assertEquals(new CpuShare.Limit(1_000, 13_821), at128);
        assertEquals(128 / 1769.0, (double) at128.quotaMicros() / at128.periodMicros(), 1e-3);
        assertEquals(1_000_000, CpuShare.periodMicros(0.0001, 20_000), "never past the kernel's 1 s");
    }

    @Test
    void initAndInvokeShareThePeriodOfTheInvokeShare() {
        CpuShare.Limit[] at128 = CpuShare.phaseLimits(1.0, CpuShare.invokeVcpus(128, 2), 20_000);
        assertEquals(new CpuShare.Limit(20_000, 20_000), at128[0], "init boost: 1 vCPU per the invoke period");
        assertEquals(new CpuShare.Limit(1_447, 20_000), at128[1]);
        CpuShare.Limit[] at3008 = CpuShare.phaseLimits(3008 / 1769.0, 3008 / 1769.0, 20_000);
        assertEquals(at3008[0], at3008[1]);
        assertEquals(100_000, at3008[1].periodMicros());
    }

    @Test
    void oneVcpuAndMoreKeepTheLongPeriod() {
        assertEquals(new CpuShare.Limit(100_000, 100_000), CpuShare.limit(1.0, 20_000), "the init boost, 1769 MB");
        assertEquals(new CpuShare.Limit(170_040, 100_000), CpuShare.limit(CpuShare.invokeVcpus(3008, 2), 20_000));
        assertEquals(new CpuShare.Limit(7236, 100_000), CpuShare.limit(128 / 1769.0, 100_000), "the first model");
    }

    @Test
    void initCpuOptionParses() {
        assertEquals(CpuShare.InitCpu.ONE, CpuShare.InitCpu.parse("1"));
        assertEquals(CpuShare.InitCpu.TWO, CpuShare.InitCpu.parse("2"));
        assertEquals(CpuShare.InitCpu.THROTTLED, CpuShare.InitCpu.parse("Throttled"));
        assertThrows(IllegalArgumentException.class, () -> CpuShare.InitCpu.parse("boost"));
    }
}
