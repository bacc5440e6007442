package locallambda.logs;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CloudWatch Logs filter patterns for unstructured log events: terms AND-ed, "quoted phrases", ?term (any of the ?terms),
 * -term (exclusion, needs at least one positive term), and a standalone %regex% (CloudWatch's restricted regular
 * expressions, searched anywhere in the message). Matching is case-sensitive, as CloudWatch's. JSON ({ $.x = ... })
 * and space-delimited ([a, b]) patterns, and a regex mixed with terms, are rejected with
 * {@link UnsupportedPatternException}; so is a regex CloudWatch would refuse (LogsApi answers 400 for both), and a
 * pattern longer than CloudWatch's 1024 characters. Regexes run on RE2/J: linear time in the message, whatever the
 * pattern ({@code %.*.*.*.*#%} cannot keep a core busy).
 */
public final class FilterPattern {
    public static final class UnsupportedPatternException extends RuntimeException {
        UnsupportedPatternException(String message) {
            super(message);
        }
    }

    private final List<String> required = new ArrayList<>();
    private final List<String> optional = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();
    private Pattern regex; // a standalone %regex% pattern, else null

    private FilterPattern() {}

    /** CloudWatch's limit on filterPattern. */
    static final int MAX_LENGTH = 1024;

    public static FilterPattern parse(String pattern) {
        FilterPattern p = new FilterPattern();
        if (pattern == null) {
            return p;
        }
        if (pattern.length() > MAX_LENGTH) {
            throw new UnsupportedPatternException(
                    "1 validation error detected: Value at 'filterPattern' failed to satisfy "
                            + "constraint: Member must have length less than or equal to " + MAX_LENGTH);
        }
        String s = pattern.trim();
        if (s.isEmpty() || s.equals("\"\"")) {
            return p;
        }
        if (s.startsWith("{")) {
            throw new UnsupportedPatternException("JSON filter patterns ({ $.field = value }) are not supported by the "
                    + "local Lambda; use terms, \"quoted phrases\", ?term or -term");
        }
        if (s.startsWith("[")) {
            throw new UnsupportedPatternException("space-delimited filter patterns ([w1, w2]) are not supported by the "
                    + "local Lambda; use terms, \"quoted phrases\", ?term or -term");
        }
        if (s.length() >= 2 && s.startsWith("%") && s.endsWith("%")) {
            p.regex = regex(s.substring(1, s.length() - 1), pattern);
            return p;
        }
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            char kind = ' ';
            if ((c == '?' || c == '-') && i + 1 < s.length() && !Character.isWhitespace(s.charAt(i + 1))) {
                kind = c;
                i++;
            }
            String term;
            boolean quoted = s.charAt(i) == '"';
            if (quoted) {
                int end = s.indexOf('"', i + 1);
                while (end > 0 && s.charAt(end - 1) == '\\') {
                    end = s.indexOf('"', end + 1);
                }
                if (end < 0) {
                    throw new UnsupportedPatternException("unterminated quoted phrase in filter pattern: " + pattern);
                }
                term = s.substring(i + 1, end).replace("\\\"", "\"");
                i = end + 1;
            } else {
                int end = i;
                while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
                    end++;
                }
                term = s.substring(i, end);
                i = end;
            }
            if (term.isEmpty()) {
                continue;
            }
            if (!quoted && term.length() >= 2 && term.startsWith("%") && term.endsWith("%")) {
                // CloudWatch uses a regex standalone or inside JSON / space-delimited patterns; matching it as plain
                // text among terms would silently find nothing
                throw new UnsupportedPatternException(
                        "Invalid filter pattern: a %regex% must be the whole filter pattern "
                                + "(combining it with terms is not supported by the local Lambda): " + pattern);
            }
            switch (kind) {
                case '?' -> p.optional.add(term);
                case '-' -> p.excluded.add(term);
                default -> p.required.add(term);
            }
        }
        return p;
    }

    /** Symbol characters a CloudWatch regex may contain besides letters, digits and its operators. */
    private static final String REGEX_SYMBOLS = ":_#=@/;,-";

    private static final String REGEX_OPERATORS = "^$?[]{}|\\*+.";
    /** Escapes with the same meaning in CloudWatch's documentation and java.util.regex: the shorthand classes. */
    private static final String REGEX_CLASS_ESCAPES = "dDsSwW";

    /**
     * Compiles the body of a %regex% after checking it against CloudWatch's documented character set: letters, digits,
     * the symbols : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \ * + . — no parentheses, no multi-byte
     * characters, nothing else (not even a space: \s stands for one). Within that set java.util.regex means what
     * CloudWatch documents (and so does RE2/J's syntax, the same), except for the few constructs refused here (nested [ in a class is a Java union; a backslash
     * before a letter other than dDsSwW is a Java-only escape such as \b or \Q).
     */
    private static Pattern regex(String body, String pattern) {
        if (body.isEmpty()) {
            throw invalid("empty regular expression", pattern);
        }
        boolean inClass = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean alnum = c < 128 && Character.isLetterOrDigit(c);
            if (!alnum && REGEX_SYMBOLS.indexOf(c) < 0 && REGEX_OPERATORS.indexOf(c) < 0) {
                throw invalid(
                        c == '(' || c == ')'
                                ? "parentheses are not supported in a regular expression"
                                : c > 127
                                        ? "multi-byte characters are not supported in a regular expression"
                                        : "'" + c + "' is not supported in a regular expression",
                        pattern);
            }
            if (c == '\\') {
                if (i + 1 == body.length()) {
                    throw invalid("regular expression ends with a backslash", pattern);
                }
                char n = body.charAt(++i);
                boolean nAlnum = n < 128 && Character.isLetterOrDigit(n);
                if (nAlnum && REGEX_CLASS_ESCAPES.indexOf(n) < 0) {
                    throw invalid(
                            "\\" + n
                                    + " is not supported by the local Lambda (use \\d \\D \\s \\S \\w \\W or escape an operator)",
                            pattern);
                }
                if (!nAlnum && REGEX_SYMBOLS.indexOf(n) < 0 && REGEX_OPERATORS.indexOf(n) < 0) {
                    throw invalid("'" + n + "' is not supported in a regular expression", pattern);
                }
            } else if (c == '{' && !inClass) {
                // A brace is a repetition {n}, {n,} or {n,m}.
                // (java.util.regex refused a stray one; RE2 reads it as text.)
                int close = body.indexOf('}', i);
                if (close < 0 || !body.substring(i + 1, close).matches("[0-9]{1,4}(,[0-9]{0,4})?")) {
                    throw invalid("'{' must start a repetition {n}, {n,} or {n,m}", pattern);
                }
            } else if (c == '[') {
                if (inClass) {
                    throw invalid("'[' inside a character class must be escaped", pattern);
                }
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            }
        }
        try {
            return Pattern.compile(body);
        } catch (PatternSyntaxException e) {
            throw invalid(e.getDescription(), pattern);
        }
    }

    private static UnsupportedPatternException invalid(String why, String pattern) {
        return new UnsupportedPatternException("Invalid filter pattern: " + why + ": " + pattern);
    }

    public boolean matches(String message) {
        if (regex != null) {
            return regex.matcher(message).find();
        }
        for (String t : required) {
            if (!message.contains(t)) {
                return false;
            }
        }
        if (!optional.isEmpty()) {
            boolean any = false;
            for (String t : optional) {
                if (message.contains(t)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        for (String t : excluded) {
            if (message.contains(t)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        if (regex != null) {
            return "regex=" + regex.pattern();
        }
        return String.format(Locale.ROOT, "required=%s optional=%s excluded=%s", required, optional, excluded);
    }
}
