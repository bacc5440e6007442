package locallambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FilterPatternTest {
    private static final String REPORT = "REPORT RequestId: 1\tDuration: 2.00 ms\tBilled Duration: 2 ms\tInit Duration: 3 ms\t";

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
        var e = assertThrows(FilterPattern.UnsupportedPatternException.class, () -> FilterPattern.parse("{ $.type = \"platform.report\" }"));
        assertTrue(e.getMessage().contains("JSON filter patterns"));
        assertThrows(FilterPattern.UnsupportedPatternException.class, () -> FilterPattern.parse("[a, b]"));
    }
}
