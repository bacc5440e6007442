import java.util.Arrays;
import java.util.Locale;

/**
 * Host-speed calibration of a run: a fixed, deterministic single-thread loop, timed on this machine outside any
 * function's cgroup. run-experiments.sh runs it at the start, between techniques and at the end (compiled once per
 * run, then `java -XX:TieredStopAtLevel=1 -cp DIR Calibrate`: C1 code, as the Lambda runtime's JVM runs, has no
 * profile-driven recompilation to vary between passes) and records the times in run.json; when they drift apart, the
 * host's speed changed during the run and the run's numbers drift with it.
 *
 * <p>The loop is the kit's Fibonacci checksum (docs/contracts.md; what scale-up and parallel compute): for i in [0, N):
 * a = i, b = 1; 100 times (a, b) = (b, a + b); checksum += a. WARMUP passes let the JIT compile it, then ROUNDS
 * timed passes; the median is printed in ms on stdout (`--method` prints what the loop is instead). Under 1 s in all.
 */
public final class Calibrate {
    static final int N = 500_000;
    static final int ROUNDS = 5;
    static final int WARMUP = 3;

    private Calibrate() {}

    static long checksum(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long a = i;
            long b = 1;
            for (int k = 0; k < 100; k++) {
                long t = a + b;
                a = b;
                b = t;
            }
            sum += a;
        }
        return sum;
    }

    static String method() {
        return "median of " + ROUNDS + " timed passes (after " + WARMUP
                + " warm-up passes) of the Fibonacci checksum loop, N=" + N
                + " x 100 additions, one thread, C1 only (java -XX:TieredStopAtLevel=1, as the Lambda runtime), outside any cgroup (scripts/lib/Calibrate.java)";
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--method")) {
            System.out.println(method());
            return;
        }
        long sink = 0;
        for (int w = 0; w < WARMUP; w++) {
            sink += checksum(N);
        }
        double[] ms = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            sink += checksum(N);
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        if (sink == 42) {
            System.err.println("(never printed: keeps the loop's result alive)");
        }
        System.out.println(String.format(Locale.ROOT, "%.2f", ms[ROUNDS / 2]));
    }
}
