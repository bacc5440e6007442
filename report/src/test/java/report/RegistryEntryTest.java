package report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A technique the report's code has never seen gets its whole section (table, computed conclusion, charts) from its
 * registry entry alone: the entries below are written here, with names no class of the report knows.
 */
class RegistryEntryTest {
    private static final Prices PRICES = Prices.load(null);

    private static final String REGISTRY = """
            {"techniques": [
              {"name": "quux-cache", "title": "Quux cache: memoised vs recomputed", "note": "Memo keeps the result.",
               "question": "Does memoising quux pay?", "baseline": "Recompute",
               "variants": [{"name": "Recompute"}, {"name": "Memo"}],
               "table": {"compare": "variants", "columns": [
                 {"header": "variant", "value": "variant"}, {"header": "memory (MB)", "value": "memory"},
                 {"header": "first call (ms)", "value": "coldDurationP50"},
                 {"header": "warm p50 (ms)", "value": "warmP50"},
                 {"header": "answer", "value": "payload.answer"}]},
               "charts": ["cold", "warm"]},
              {"name": "blip-sweep", "title": "Blip: one loop over memory",
               "variants": [{"name": "default"}], "table": {"compare": "sweep"},
               "conclusion": {"kind": "sweep", "subject": "the blip loop"}},
              {"name": "blop-threads", "title": "Blop: threads against blip",
               "variants": [{"name": "default"}],
               "table": {"compare": "relative", "relativeTo": "blip-sweep", "relativeLabel": "blip alone"},
               "conclusion": {"kind": "relative", "subject": "blop", "relativeSubject": "blip"}}
            ]}""";

    private static SyntheticRun.Fn fn(String technique, String variant, int memory, double init, double... durations) {
        return new SyntheticRun.Fn(
                technique.replace("-", "") + variant + memory + "Function",
                technique,
                variant,
                memory,
                init,
                durations);
    }

    private static List<Section> sections(Path dir) throws Exception {
        RunData run = RunData.load(dir);
        return Story.of(Techniques.parse(REGISTRY), run, Cells.of(run, PRICES), PRICES, 0.5);
    }

    private static Section section(List<Section> sections, String id) {
        return sections.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anEntryAloneGivesItsTechniqueTitleColumnsBaselineConclusionAndCharts(@TempDir Path temp) throws Exception {
        Path dir = SyntheticRun.write(
                temp.resolve("r"),
                List.of(
                        // listed before the others on purpose: the registry's order is the report's
                        fn("zz-unknown", "default", 1024, 100, 20, 5, 5, 5),
                        fn("quux-cache", "Recompute", 1024, 300, 900, 800, 800, 800),
                        fn("quux-cache", "Memo", 1024, 600, 100, 2, 2, 2)));
        List<Section> sections = sections(dir);
        assertEquals(
                List.of("quux-cache", "zz-unknown", "recommendations", "cost"),
                sections.stream().map(Section::id).toList());
        Section quux = section(sections, "quux-cache");
        assertEquals("Quux cache: memoised vs recomputed", quux.table().title());
        // the entry's question heads its section, in Markdown and in HTML; a technique without one shows none
        assertTrue(quux.markdown("facts").contains("Question: Does memoising quux pay?\n"));
        assertTrue(quux.html("facts").contains("<p class=\"question\">Question: Does memoising quux pay?</p>"));
        assertTrue(quux.markdown("facts")
                .contains("| variant | memory (MB) | first call (ms) | warm p50 (ms) | answer |"));
        // computed from the cells: cold start 300 + 900 = 1200 ms against 600 + 100 = 700 ms, warm 800 against 2 ms
        assertTrue(
                quux.conclusion()
                        .startsWith("Against Recompute, Memo made a cold start (Init + first call) 1.71x faster"
                                + " (1200 → 700 ms) and warm calls 400x faster"),
                quux.conclusion());
        assertEquals(
                List.of("quux-cache-cold.svg", "quux-cache-warm.svg"),
                quux.charts().stream().map(Section.Chart::file).toList());
        // a technique with no entry still gets the generic section
        Section unknown = section(sections, "zz-unknown");
        assertEquals(
                "zz-unknown: cold and warm per variant and memory",
                unknown.table().title());
        assertTrue(unknown.conclusion().startsWith("One variant at 1024 MB"), unknown.conclusion());
        assertFalse(unknown.markdown("facts").contains("Question:"));
    }

    @Test
    void aSweepAndATableRelativeToItAreShapedByTheirEntries(@TempDir Path temp) throws Exception {
        Path dir = SyntheticRun.write(
                temp.resolve("r"),
                List.of(
                        fn("blop-threads", "default", 512, 100, 4000, 4000, 4000, 4000),
                        fn("blop-threads", "default", 3008, 100, 500, 500, 500, 500),
                        fn("blip-sweep", "default", 512, 100, 4000, 4000, 4000, 4000),
                        fn("blip-sweep", "default", 3008, 100, 1200, 1000, 1000, 1000)));
        List<Section> sections = sections(dir);
        Section blip = section(sections, "blip-sweep");
        assertTrue(
                blip.conclusion().startsWith("3008 MB ran the blip loop 4.0x faster than 512 MB"), blip.conclusion());
        assertTrue(blip.markdown("f").contains("speed-up vs smallest"));
        Section blop = section(sections, "blop-threads");
        assertTrue(
                blop.conclusion()
                        .startsWith("Blop ran at most 1.00x as fast as blip up to 1769 MB (one vCPU), 2.0x as"
                                + " fast at 3008 MB"),
                blop.conclusion());
        String table = blop.markdown("f");
        assertTrue(table.contains("| 3008 | 500.00 | 1000.00 | 2.00x | 3/3 |"), table);
        Section.Chart duration = blop.charts().stream()
                .filter(c -> c.file().equals("blop-threads-duration.svg"))
                .findFirst()
                .orElseThrow();
        assertTrue(duration.svg().contains("blip alone"), "the relative technique's line carries its label");
    }

    @Test
    void anEntryTheReportCannotTellIsRefusedWithItsName() {
        IllegalStateException column = assertThrows(
                IllegalStateException.class,
                () -> Techniques.parse("{\"techniques\": [{\"name\": \"x\", \"table\": {\"columns\": [{\"header\":"
                        + " \"h\", \"value\": \"nonsense\"}]}}]}"));
        assertTrue(column.getMessage().contains("x has a column of unknown value 'nonsense'"), column.getMessage());
        IllegalStateException relative = assertThrows(
                IllegalStateException.class,
                () -> Techniques.parse(
                        "{\"techniques\": [{\"name\": \"x\", \"table\": {\"compare\": \"relative\", \"relativeTo\": \"y\"}}]}"));
        assertTrue(relative.getMessage().contains("x is relative to an unknown technique: y"), relative.getMessage());
    }

    @Test
    void aVariantsWaitIsReadAndAWaitThatIsNoDurationIsRefused() throws Exception {
        Techniques t = Techniques.parse("{\"techniques\": [{\"name\": \"x\", \"variants\": ["
                + "{\"name\": \"Sleeps\", \"waitMs\": 250}, {\"name\": \"Computes\"}]}]}");
        assertEquals(250, t.waitMs("x", "Sleeps"));
        assertEquals(0, t.waitMs("x", "Computes"));
        assertEquals(0, t.waitMs("unknown", "Sleeps"), "a technique the registry does not know declares no wait");
        IllegalStateException notMs = assertThrows(
                IllegalStateException.class,
                () -> Techniques.parse("{\"techniques\": [{\"name\": \"x\", \"variants\": ["
                        + "{\"name\": \"Sleeps\", \"waitMs\": \"2 s\"}]}]}"));
        assertTrue(notMs.getMessage().contains("x variant Sleeps has a waitMs"), notMs.getMessage());
    }

    @Test
    void theKitsSleepInTheHandlerIsDeclaredAsWaiting() {
        // --compare lets a slower host stretch only the rest of its Duration
        assertEquals(2000, Techniques.ofKit().waitMs("context-reuse", "SleepInHandler"));
        assertEquals(0, Techniques.ofKit().waitMs("context-reuse", "SleepOnce"), "its sleep is in Init");
    }

    @Test
    void theKitsRegistryIsFoundAndOrdersTheTalksTechniquesFirst() {
        Techniques kit = Techniques.ofKit();
        assertEquals(
                List.of("context-reuse", "parallel", "mine"), kit.order(List.of("mine", "parallel", "context-reuse")));
    }
}
