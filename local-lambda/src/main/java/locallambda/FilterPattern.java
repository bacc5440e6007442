package locallambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CloudWatch Logs filter patterns for unstructured log events: terms AND-ed, "quoted phrases", ?term (any of the ?terms),
 * -term (exclusion, needs at least one positive term). Matching is case-sensitive, as CloudWatch's. JSON ({ $.x = ... })
 * and space-delimited ([a, b]) patterns are rejected with {@link UnsupportedPatternException}.
 */
final class FilterPattern {
    static final class UnsupportedPatternException extends RuntimeException {
        UnsupportedPatternException(String message) {
            super(message);
        }
    }

    private final List<String> required = new ArrayList<>();
    private final List<String> optional = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();

    private FilterPattern() {
    }

    static FilterPattern parse(String pattern) {
        FilterPattern p = new FilterPattern();
        if (pattern == null) return p;
        String s = pattern.trim();
        if (s.isEmpty() || s.equals("\"\"")) return p;
        if (s.startsWith("{")) {
            throw new UnsupportedPatternException("JSON filter patterns ({ $.field = value }) are not supported by the "
                    + "local Lambda; use terms, \"quoted phrases\", ?term or -term");
        }
        if (s.startsWith("[")) {
            throw new UnsupportedPatternException("space-delimited filter patterns ([w1, w2]) are not supported by the "
                    + "local Lambda; use terms, \"quoted phrases\", ?term or -term");
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
            if (s.charAt(i) == '"') {
                int end = s.indexOf('"', i + 1);
                while (end > 0 && s.charAt(end - 1) == '\\') end = s.indexOf('"', end + 1);
                if (end < 0) throw new UnsupportedPatternException("unterminated quoted phrase in filter pattern: " + pattern);
                term = s.substring(i + 1, end).replace("\\\"", "\"");
                i = end + 1;
            } else {
                int end = i;
                while (end < s.length() && !Character.isWhitespace(s.charAt(end))) end++;
                term = s.substring(i, end);
                i = end;
            }
            if (term.isEmpty()) continue;
            switch (kind) {
                case '?' -> p.optional.add(term);
                case '-' -> p.excluded.add(term);
                default -> p.required.add(term);
            }
        }
        return p;
    }

    boolean matches(String message) {
        for (String t : required) if (!message.contains(t)) return false;
        if (!optional.isEmpty()) {
            boolean any = false;
            for (String t : optional) if (message.contains(t)) { any = true; break; }
            if (!any) return false;
        }
        for (String t : excluded) if (message.contains(t)) return false;
        return true;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "required=%s optional=%s excluded=%s", required, optional, excluded);
    }
}
