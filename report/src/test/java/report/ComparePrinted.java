package report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What `--compare` of two run folders prints, for the tests that read the comparison. */
final class ComparePrinted {
    private ComparePrinted() {}

    /** Runs Main with --compare a b (it must exit 0) and returns its standard output. */
    static String of(Path a, Path b) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(new String[] {"--compare", a.toString(), b.toString()}));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
