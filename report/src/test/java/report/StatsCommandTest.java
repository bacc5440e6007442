package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsCommandTest {
    private static String stats(String input, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertEquals(0, StatsCommand.run(List.of(args), new BufferedReader(new StringReader(input)), out));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void defaultStatisticsOfOneColumn() throws Exception {
        // even count: the median is the mean of the two middle values, p50 the lower one (nearest rank)
        assertEquals("4\t2.5\t2\t4\n", stats("4\n1\n\n3\n2\n"));
    }

    @Test
    void oddCountMedianIsTheMiddleValue() throws Exception {
        assertEquals("151.12\n", stats("151.12\n3000\n12.5\n", "median"));
    }

    @Test
    void perKeyInTheOrderFirstSeen() throws Exception {
        String input = "spin:128 900\nspin:3008 120.5\nspin:128 1100\nspin:3008 119.25\nspin:128 1000\n";
        assertEquals(
                "spin:128\t1000\t900\t1100\nspin:3008\t119.875\t119.25\t120.5\n",
                stats(input, "--by-key", "median", "min", "max"));
    }

    @Test
    void noNumbersGiveNan() throws Exception {
        assertEquals("0\tnan\n", stats("", "count", "median"));
    }

    @Test
    void numbersPrintAsAwkWould() {
        assertEquals("1234", StatsCommand.format(1234.0));
        assertEquals("12.345", StatsCommand.format(12.345));
        assertEquals("151.125", StatsCommand.format(151.125));
        assertEquals("0.333333", StatsCommand.format(1.0 / 3));
        assertEquals("nan", StatsCommand.format(Double.NaN));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> stats("1\nabc\n"));
        assertThrows(IllegalArgumentException.class, () -> stats("key 1 2\n", "--by-key"));
        assertThrows(IllegalArgumentException.class, () -> stats("1\n", "p99"));
    }

    @Test
    void medianBesideTheNearestRankP50() {
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(2.0, Stats.of(List.of(4.0, 1.0, 3.0, 2.0)).p50());
        assertEquals(Double.NaN, Stats.median(List.of()));
    }
}
