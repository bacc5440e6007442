import java.util.Map;

/**
 * The host's own 2-thread speed-up on the benchmark's work, outside any cgroup: runs the fixture's Spin handler (the
 * same code the SpinFunction environments run) with 1 and then 2 threads in this JVM, after one warm-up of each, and
 * prints "ms1 ms2". Lambda's model allows 1.70x at 3008 MB; a host whose two vCPUs do not give one process two cores
 * cannot show that, whatever the local Lambda does, so bench.sh prints this figure beside the model.
 *
 * <p>Run with the fixture artifact on the class path: {@code java -cp ARTIFACT:ARTIFACT/lib/* HostThreads.java N}.
 */
public final class HostThreads {
    public static void main(String[] args) {
        long n = Long.parseLong(args[0]);
        var spin = new fixture.Handlers.Spin();
        spin.handleRequest(Map.of("n", n / 4, "threads", 1), null);
        spin.handleRequest(Map.of("n", n / 4, "threads", 2), null);
        Object one = spin.handleRequest(Map.of("n", n, "threads", 1), null).get("ms");
        Object two = spin.handleRequest(Map.of("n", n, "threads", 2), null).get("ms");
        System.out.println(one + " " + two);
    }
}
