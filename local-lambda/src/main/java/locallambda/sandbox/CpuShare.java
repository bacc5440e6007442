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
     * The CFS period for a share of vCPUs: the target period, lengthened where the share's quota would fall below the
     * kernel's 1 ms minimum (at 128 MB, 0.072 vCPU, that is 13.8 ms).
     *
     * <p>Why short: CFS throttles a group only once it has used a period's quota, so a call that needs less CPU than
     * one quota runs at full speed. With the 100 ms period of the first model a 128 MB environment got 7.2 ms of CPU
     * unthrottled per 100 ms, and calls of a few ms ignored memory; Lambda throttles them (its hello-world cold call is
     * 20x slower at 128 MB than at 1024 MB). The shorter the period, the closer a short call comes to the continuous
     * share memory/1769.
     */
    public static long periodMicros(double vcpus, long targetPeriodMicros) {
        if (vcpus <= 0) {
            return targetPeriodMicros;
        }
        long floor = (long) Math.ceil(MIN_QUOTA_US / vcpus);
        return Math.min(MAX_PERIOD_US, Math.max(targetPeriodMicros, floor));
    }

    /** The kernel's largest CFS period: 1 s. */
    static final long MAX_PERIOD_US = 1_000_000;

    /** The quota and period a group gets for a share of vCPUs under a target period. */
    public static Limit limit(double vcpus, long targetPeriodMicros) {
        long period = periodMicros(vcpus, targetPeriodMicros);
        return new Limit(quotaMicros(vcpus, period), period);
    }

    /** A CFS bandwidth limit: quota µs of CPU time per period µs. */
    public record Limit(long quotaMicros, long periodMicros) {}
}
