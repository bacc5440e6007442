package tuning.scaleup;

/** The talk's CPU-bound unit of work: a 100-step Fibonacci loop, repeated for a range of seeds. */
final class FibonacciWork {
    static final int STEPS = 100;

    private FibonacciWork() {
    }

    /**
     * Sums, over i in [from, to), the value reached after {@link #STEPS} Fibonacci steps seeded with (i, 1). Seeding with i
     * keeps the JIT from folding the loop into a constant; the wrapping long sum is order-independent, so any split of the
     * range over threads gives the same checksum.
     */
    static long checksum(long from, long to) {
        long sum = 0;
        for (long i = from; i < to; i++) {
            long a = i;
            long b = 1;
            for (int step = 0; step < STEPS; step++) {
                long next = a + b;
                a = b;
                b = next;
            }
            sum += a;
        }
        return sum;
    }
}
