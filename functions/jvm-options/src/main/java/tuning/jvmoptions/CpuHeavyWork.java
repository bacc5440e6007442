package tuning.jvmoptions;

/** Hot-loop work where a better JIT tier pays off: scale-up's 100-step Fibonacci loop. */
final class CpuHeavyWork {
    private CpuHeavyWork() {}

    static long run(long iterations) {
        long sum = 0;
        for (long i = 0; i < iterations; i++) {
            long a = i;
            long b = 1;
            for (int step = 0; step < 100; step++) {
                long next = a + b;
                a = b;
                b = next;
            }
            sum += a;
        }
        return sum;
    }
}
