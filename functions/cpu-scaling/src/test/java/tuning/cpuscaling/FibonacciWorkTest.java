package tuning.cpuscaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FibonacciWorkTest {

    @Test
    void oneSeedReachesTheHundredthFibonacciNumber() {
        // F(100) = 354224848179261915075 wraps to 3736710778780434371 in a Java long
        assertEquals(3_736_710_778_780_434_371L, FibonacciWork.checksum(0, 1));
    }

    @Test
    void checksumMatchesTheClosedForm() {
        for (long n : new long[] {1, 2, 7, 1000, 12345, 99_991}) {
            assertEquals(ClosedFormChecksum.of(n), FibonacciWork.checksum(0, n), "checksum for " + n + " seeds");
        }
    }

    @Test
    void rangesAddUpToTheWholeRange() {
        long whole = FibonacciWork.checksum(0, 1000);
        assertEquals(whole, FibonacciWork.checksum(0, 333) + FibonacciWork.checksum(333, 1000));
    }
}
