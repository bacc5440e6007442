package tuning.cpuscaling;

import java.util.Map;

/**
 * The talk's CPU-bound unit of work: a 100-step Fibonacci loop, repeated for a range of seeds. Both handlers run this
 * one class, so scale-up and parallel agree on the checksum by construction.
 */
final class FibonacciWork {
    static final int STEPS = 100;
    /** About one second on one core of the kit's reference machine (see {@link FibonacciHandler}). */
    static final long DEFAULT_ITERATIONS = 40_000_000L;

    static final long MAX_ITERATIONS = 2_000_000_000L;

    private FibonacciWork() {}

    /** The event's "iterations" field, the same default and range for both handlers. */
    static long iterations(Map<String, Object> event) {
        return EventFields.longField(event, "iterations", DEFAULT_ITERATIONS, 1, MAX_ITERATIONS);
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
