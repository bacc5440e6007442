package kit.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WORKSHOP.md read as a test reads it: its bash blocks in order, each under the `##` section it belongs to, with the
 * lines an attendee without AWS would run (AWS-only and `sam` lines left out) and what the guide says its output shows
 * (an `<!-- expect: REGEX -->` comment after the block).
 */
final class WorkshopGuide {
    /** One bash block: the section it is in, its runnable command lines, and the patterns its output must match. */
    record Block(String section, int line, List<String> commands, List<Pattern> expected) {
        /** The block as a bash script that stops at the first failing command, as an attendee would. */
        String script() {
            return "set -euo pipefail\n" + String.join("\n", commands) + "\n";
        }
    }

    private static final Pattern FENCE_OPEN = Pattern.compile("^```bash\\s*$");
    private static final Pattern EXPECT = Pattern.compile("^<!--\\s*expect:\\s*(.+?)\\s*-->$");
    /** sam, and the aws target of the kit's scripts: they need an AWS account, which a test never uses. */
    private static final Pattern SAM = Pattern.compile("^sam\\s.*");

    private static final Pattern AWS_TARGET = Pattern.compile(".*--target\\s+aws\\b.*");
    /** a bare aws CLI call goes to AWS; one with --endpoint-url goes to the local Lambda and runs. */
    private static final Pattern AWS_CLI = Pattern.compile("^aws\\s.*");

    private WorkshopGuide() {}

    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        String section = "";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
            } else if (FENCE_OPEN.matcher(line).matches()) {
                int start = i + 1;
                List<String> raw = new ArrayList<>();
                i++;
                while (i < lines.length && !lines[i].startsWith("```")) {
                    raw.add(lines[i]);
                    i++;
                }
                if (i == lines.length) {
                    throw new IllegalArgumentException("WORKSHOP.md line " + start + ": a bash block is never closed");
                }
                List<Pattern> expected = new ArrayList<>();
                int j = i + 1;
                while (j < lines.length
                        && (lines[j].isBlank()
                                || EXPECT.matcher(lines[j].trim()).matches())) {
                    Matcher m = EXPECT.matcher(lines[j].trim());
                    if (m.matches()) {
                        expected.add(Pattern.compile(m.group(1)));
                    }
                    j++;
                }
                blocks.add(new Block(section, start, runnable(logicalLines(raw)), expected));
            }
        }
        return blocks;
    }

    /** Lines continued with a trailing backslash joined into one command. */
    static List<String> logicalLines(List<String> raw) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : raw) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                current.append(line);
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }

    /** The commands a machine without AWS runs: no sam, no --target aws, no aws CLI call without --endpoint-url. */
    static List<String> runnable(List<String> commands) {
        List<String> out = new ArrayList<>();
        for (String c : commands) {
            String t = c.trim();
            boolean aws = SAM.matcher(t).matches()
                    || AWS_TARGET.matcher(t).matches()
                    || (AWS_CLI.matcher(t).matches() && !t.contains("--endpoint-url"));
            if (!aws && !t.isEmpty() && !t.startsWith("#")) {
                out.add(c);
            }
        }
        return out;
    }
}
