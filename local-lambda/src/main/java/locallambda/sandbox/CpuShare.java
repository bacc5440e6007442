package locallambda.sandbox;

import java.util.Locale;

/**
 * How much CPU an execution environment gets in each phase of its life, as on Lambda.
 *
 * <p>Invoke phase: memory/1769 vCPU (1 vCPU at 1769 MB), never more than the host has.
 *
 * <p>Init phase (environment start to the runtime's first {@code GET /runtime/invocation/next}): on-demand inits are
 * not throttled by memory. Public evidence: daily AWS measurements of hello-world zip functions (maxday/lambda-perf)
 * show java25 Init Duration p50 ~185 ms at 128, 256, 512 and 1024 MB alike while the cold call's own Duration falls
 * from ~239 ms at 128 MB to ~7 ms at 1024 MB; write-ups from 2022 (init code runs faster than handler code up to ~3 GB)
 * and 2025 (on-demand init boosted to 1 vCPU, as at 1769 MB; provisioned-concurrency init not boosted) say the same,
 * and the boost held after INIT became billed (Aug 2025). So the default model gives an on-demand init 1 vCPU, or the
 * memory share when that is larger; provisioned-concurrency inits get the memory share only. An init that passes the
 * 10 s limit is retried inside the first invoke, i.e. in the invoke phase, throttled.
 */
public final class CpuShare {
    /** Lambda gives one full vCPU at this memory size. */
    static final double MB_PER_VCPU = 1769.0;

    /** What an on-demand init phase gets (server option {@code --init-cpu}). */
    public enum InitCpu {
        /** 1 vCPU, or the memory share if larger: the published 2025 behaviour (default). */
        ONE("1", 1.0),
        /** 2 vCPUs: the 2022 observation of "two unthrottled vCPUs" during init. */
        TWO("2", 2.0),
        /** The memory share from the first instruction: the local Lambda's behaviour before the boost was modelled. */
        THROTTLED("throttled", 0.0);

        public final String label;
        final double vcpus;

        InitCpu(String label, double vcpus) {
            this.label = label;
            this.vcpus = vcpus;
        }

        public static InitCpu parse(String s) {
            for (InitCpu m : values()) {
                if (m.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("--init-cpu takes 1, 2 or throttled, not '" + s + "'");
        }

        public String describe() {
            return switch (this) {
                case ONE ->
                    "1 (on-demand init runs at 1 vCPU, or the memory share if larger; memory/1769 vCPU from the first /next)";
                case TWO -> "2 (on-demand init runs at 2 vCPUs; memory/1769 vCPU from the first /next)";
                case THROTTLED -> "throttled (init runs at memory/1769 vCPU like the invoke phase; Lambda boosts it)";
            };
        }
    }

    private CpuShare() {}

    /** vCPUs of the invoke phase: memory/1769, at most the host's cores. */
    static double invokeVcpus(int memoryMb, int hostCores) {
        return Math.min(hostCores, memoryMb / MB_PER_VCPU);
    }

    /**
     * vCPUs of the init phase.
     *
     * @param provisioned true for a provisioned-concurrency init, which Lambda does not boost
     */
    static double initVcpus(InitCpu mode, boolean provisioned, int memoryMb, int hostCores) {
        double invoke = invokeVcpus(memoryMb, hostCores);
        if (provisioned || mode == InitCpu.THROTTLED) {
            return invoke;
        }
        return Math.min(hostCores, Math.max(mode.vcpus, invoke));
    }

    /** A CFS quota in µs per period for a number of vCPUs (the kernel refuses quotas below 1 ms). */
    public static long quotaMicros(double vcpus, long periodMicros) {
        return Math.max(MIN_QUOTA_US, Math.round(periodMicros * vcpus));
    }

    /** The kernel's smallest CFS quota (and period): 1 ms. */
    static final long MIN_QUOTA_US = 1000;

    /**
     * The CFS period for a share of vCPUs. Below one vCPU: the target period (20 ms by default), lengthened where the
     * quota would fall below the kernel's 1 ms minimum. From one vCPU up: at least {@link #WHOLE_VCPU_PERIOD_US}.
     *
     * <p>Why short below one vCPU: CFS throttles a group only once it has used a period's quota, so a call needing less
     * CPU than one quota runs at full speed. With the first model's 100 ms period a 256 MB environment ran 14.5 ms of
     * every 100 ms unthrottled, and calls of a few ms ignored memory. AWS's daily hello-world cold calls (lambda-perf,
     * java25: 217 ms at 128 MB, 89 ms at 256 MB, 10.6 ms at 1024 MB, for ~11-16 ms of CPU) fit a period of ~20-50 ms: the
     * 256 MB call is throttled (a 100 ms period would let it through), the 1024 MB one is not (a 10 ms period would
     * throttle it). Why long from one vCPU up: a single thread cannot exceed such a quota, and with a short period the
     * runtime a CPU takes for the group in 5 ms slices strands when the thread moves to the other CPU: a 1-vCPU
     * environment lost up to a quarter of its speed with 10 ms.
     */
    public static long periodMicros(double vcpus, long targetPeriodMicros) {
        if (vcpus >= 1) {
            return Math.min(MAX_PERIOD_US, Math.max(targetPeriodMicros, WHOLE_VCPU_PERIOD_US));
        }
        long floor = vcpus <= 0 ? MAX_PERIOD_US : (long) Math.ceil(MIN_QUOTA_US / vcpus);
        return Math.min(MAX_PERIOD_US, Math.max(targetPeriodMicros, floor));
    }

    /** The period of a share of one vCPU or more (the init boost, 1769 MB and up): the first model's 100 ms. */
    static final long WHOLE_VCPU_PERIOD_US = 100_000;

    /** The kernel's largest CFS period: 1 s. */
    static final long MAX_PERIOD_US = 1_000_000;

    /** The quota and period a group gets for a share of vCPUs under a target period. */
    public static Limit limit(double vcpus, long targetPeriodMicros) {
        long period = periodMicros(vcpus, targetPeriodMicros);
        return new Limit(quotaMicros(vcpus, period), period);
    }

    /**
     * The init and invoke limits of one environment, under ONE period, the invoke share's: the kernel keeps a group's
     * period timer running at its old period when the period is rewritten, so a switch from a 100 ms init period to a
     * 20 ms invoke period stalled the first call by up to 100 ms (a hello-world cold call at 1024 MB: 79 ms instead of
     * 15 ms). At the first /next only the quota changes.
     */
    public static Limit[] phaseLimits(double initVcpus, double invokeVcpus, long targetPeriodMicros) {
        long period = periodMicros(invokeVcpus, targetPeriodMicros);
        return new Limit[] {
            new Limit(quotaMicros(initVcpus, period), period), new Limit(quotaMicros(invokeVcpus, period), period)
        };
    }

    /** A CFS bandwidth limit: quota µs of CPU time per period µs. */
    public record Limit(long quotaMicros, long periodMicros) {}
}
