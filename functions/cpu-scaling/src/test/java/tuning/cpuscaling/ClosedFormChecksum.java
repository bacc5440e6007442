package tuning.cpuscaling;

import java.math.BigInteger;

/**
 * The checksum without the loop, an oracle independent of {@link FibonacciWork}. Seeded with (i, 1), the value after
 * 100 Fibonacci steps is F(99) * i + F(100), so the sum over i in [0, n) is F(99) * n(n - 1)/2 + F(100) * n; its low 64
 * bits are what the wrapping long sum holds.
 */
final class ClosedFormChecksum {
    static final BigInteger F99 = new BigInteger("218922995834555169026");
    static final BigInteger F100 = new BigInteger("354224848179261915075");

    private ClosedFormChecksum() {}

    static long of(long n) {
        BigInteger count = BigInteger.valueOf(n);
        BigInteger seedSum = count.multiply(count.subtract(BigInteger.ONE)).shiftRight(1);
        return F99.multiply(seedSum).add(F100.multiply(count)).longValue();
    }
}
