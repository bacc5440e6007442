package locallambda.logs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FilterPatternTest {
    private static final String REPORT =
            "REPORT RequestId: 1\tDuration: 2.00 ms\tBilled Duration: 2 ms\tInit Duration: 3 ms\t";

    @Test
    void emptyMatchesEverything() {
        assertTrue(FilterPattern.parse(null).matches("x"));
        assertTrue(FilterPattern.parse("").matches("x"));
        assertTrue(FilterPattern.parse("\"\"").matches("x"));
    }

    @Test
    void termsAreAnded() {
        assertTrue(FilterPattern.parse("REPORT Init").matches(REPORT));
        assertFalse(FilterPattern.parse("REPORT Restore").matches(REPORT));
    }

    @Test
    void quotedPhrasesMatchAsAWhole() {
        assertTrue(FilterPattern.parse("\"Init Duration\"").matches(REPORT));
        assertFalse(FilterPattern.parse("\"Duration Init\"").matches(REPORT));
        assertTrue(FilterPattern.parse("\"REPORT RequestId\"").matches(REPORT));
    }

    @Test
    void questionMarkTermsAreOred() {
        assertTrue(FilterPattern.parse("?START ?REPORT").matches(REPORT));
        assertFalse(FilterPattern.parse("?START ?END").matches(REPORT));
    }

    @Test
    void minusExcludes() {
        assertFalse(FilterPattern.parse("REPORT -Init").matches(REPORT));
        assertTrue(FilterPattern.parse("REPORT -Restore").matches(REPORT));
    }

    @Test
    void matchingIsCaseSensitive() {
        assertFalse(FilterPattern.parse("report").matches(REPORT));
    }

    @Test
    void jsonAndSpaceDelimitedPatternsAreRejectedClearly() {
        var e = assertThrows(
                FilterPattern.UnsupportedPatternException.class,
                () -> FilterPattern.parse("{ $.type = \"platform.report\" }"));
        assertTrue(e.getMessage().contains("JSON filter patterns"));
        assertThrows(FilterPattern.UnsupportedPatternException.class, () -> FilterPattern.parse("[a, b]"));
    }

    @Test
    void percentDelimitedPatternsAreRegularExpressions() {
        // %ERROR|WARN% is an alternation, not the literal text "%ERROR|WARN%"
        assertTrue(FilterPattern.parse("%ERROR|WARN%").matches("2025 WARN disk almost full"));
        assertTrue(FilterPattern.parse("%ERROR|WARN%").matches("ERROR boom"));
        assertFalse(FilterPattern.parse("%ERROR|WARN%").matches("INFO all good"));
        // searched anywhere in the message, case-sensitive, anchors and classes as documented
        assertTrue(FilterPattern.parse("%AUTHORIZED%").matches("[ERROR 401] UNAUTHORIZED REQUEST"));
        assertFalse(FilterPattern.parse("%authorized%").matches("[SUCCESS 200] AUTHORIZED REQUEST"));
        assertTrue(FilterPattern.parse("%^REPORT%").matches(REPORT));
        assertFalse(FilterPattern.parse("%^Duration%").matches(REPORT));
        assertTrue(FilterPattern.parse("%Init\\sDuration:\\s\\d+\\sms\\s$%").matches(REPORT));
        assertTrue(FilterPattern.parse("%colou?r%").matches("color"));
        assertTrue(FilterPattern.parse("%a{3,5}%").matches("xaaay"));
        assertFalse(FilterPattern.parse("%a{3,5}%").matches("xaay"));
        assertTrue(FilterPattern.parse("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%")
                .matches("from 10.0.12.7:"));
        assertTrue(FilterPattern.parse("%[Ee]rror%").matches("an error"));
    }

    @Test
    void regularExpressionsOutsideCloudWatchsSubsetAreRejected() {
        for (String bad :
                new String[] {"%(ERROR)%", "%something!%", "%ERROR WARN%", "%caf\u00e9%", "%\\bword%", "%a{%", "%%"}) {
            var e = assertThrows(FilterPattern.UnsupportedPatternException.class, () -> FilterPattern.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("Invalid filter pattern"), e.getMessage());
        }
        // mixed with terms it would otherwise be searched as plain text and find nothing
        assertThrows(
                FilterPattern.UnsupportedPatternException.class, () -> FilterPattern.parse("REPORT %Init|Restore%"));
        // quoted, it is a literal phrase as before
        assertTrue(FilterPattern.parse("\"100%\"").matches("at 100% done"));
    }

    @Test
    void regexRunsInLinearTime() {
        // backtracks for minutes on java.util.regex; RE2/J: linear in the message
        String message = "a".repeat(200_000);
        long t0 = System.nanoTime();
        assertFalse(FilterPattern.parse("%.*.*.*.*#%").matches(message));
        assertFalse(FilterPattern.parse("%a*a*a*a*a*a*b%").matches(message));
        assertTrue(
                (System.nanoTime() - t0) / 1_000_000 < 5_000, "took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void patternsLongerThan1024CharactersAreRefused() {
        assertTrue(FilterPattern.parse("x".repeat(FilterPattern.MAX_LENGTH))
                .matches("x".repeat(FilterPattern.MAX_LENGTH)));
        assertThrows(
                FilterPattern.UnsupportedPatternException.class,
                () -> FilterPattern.parse("x".repeat(FilterPattern.MAX_LENGTH + 1)));
    }
}
