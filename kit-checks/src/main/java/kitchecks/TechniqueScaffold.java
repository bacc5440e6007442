package kitchecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scripts/new-technique.sh NAME: scaffolds a technique that runs and reports as it stands. It writes functions/NAME/ (a
 * standalone pom listing only what it uses, a handler with a Baseline and a Tuned variant, a unit test),
 * events/NAME.json, the technique's entry in techniques.json and its module in the root pom, then regenerates
 * template.yaml and scripts/lib/techniques.json. Everything is checked before anything is written, so a refused name
 * leaves the kit as it was.
 */
public final class TechniqueScaffold {
    /** Names the report or the runner already use for something else, and Java keywords (the name is a package). */
    static final Set<String> RESERVED = Set.of(
            "tune",
            "cost",
            "recommendations",
            "architectures",
            "all",
            "default",
            "lib",
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
            "yield");

    static final int MAX_NAME = 40;

    /** The versions the scaffolded pom needs, as the root pom spells them (PomVersionsAlignTest keeps them equal). */
    static final List<String> VERSIONS = List.of(
            "maven.compiler.release",
            "aws-lambda-java-core.version",
            "junit.version",
            "maven-compiler-plugin.version",
            "maven-surefire-plugin.version",
            "maven-dependency-plugin.version",
            "maven-jar-plugin.version",
            "maven-resources-plugin.version",
            "maven-install-plugin.version",
            "maven-clean-plugin.version");

    private final Path root;
    private final String name;

    TechniqueScaffold(Path root, String name) {
        this.root = root;
        this.name = name;
    }

    /** Why a name cannot be a new technique of the kit at root; empty when it can. */
    static List<String> problems(Path root, String name) throws IOException {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add("give the technique's name, e.g. scripts/new-technique.sh string-building");
            return problems;
        }
        if (!Registry.NAME.matcher(name).matches()) {
            problems.add("'" + name + "' is not a technique name: lowercase letters and digits, words joined by single"
                    + " dashes, starting with a letter (e.g. string-building)");
            return problems;
        }
        if (name.length() > MAX_NAME) {
            problems.add("'" + name + "' is longer than " + MAX_NAME + " characters (it names functions and log"
                    + " groups)");
        }
        if (RESERVED.contains(name) || RESERVED.contains(packageName(name))) {
            problems.add("'" + name + "' is reserved (the report, the runner or Java use it)");
        }
        Registry registry = Registry.load(root);
        String prefix = Registry.camelCase(name);
        for (Registry.Technique t : registry.techniques()) {
            if (t.name().equals(name)) {
                problems.add("'" + name + "' is already a technique (techniques.json)");
            } else if (t.idPrefix().startsWith(prefix) || prefix.startsWith(t.idPrefix())) {
                problems.add("'" + name + "' would give logical ids that start like " + t.name() + "'s (" + t.idPrefix()
                        + "...)");
            }
        }
        for (String path : List.of("functions/" + name, "events/" + name + ".json")) {
            if (Files.exists(root.resolve(path))) {
                problems.add(path + " exists already");
            }
        }
        return problems;
    }

    /** tuning.NAME without dashes: the handler's package. */
    static String packageName(String name) {
        return name.replace("-", "");
    }

    String camel() {
        return Registry.camelCase(name);
    }

    String handlerClass() {
        return "tuning." + packageName(name) + "." + camel() + "Handler";
    }

    /** The environment variable that picks the variant's way of working. */
    String modeVariable() {
        return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_MODE";
    }

    /** Writes the technique's files and entries, then regenerates the template; returns the paths it wrote. */
    List<String> write() throws IOException {
        List<String> problems = problems(root, name);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Map<Path, String> files = new LinkedHashMap<>();
        Path module = root.resolve("functions").resolve(name);
        String source = handlerClass().replace('.', '/');
        files.put(module.resolve("pom.xml"), pom(versions(Files.readString(root.resolve("pom.xml")))));
        files.put(module.resolve("src/main/java/" + source + ".java"), handler());
        files.put(module.resolve("src/test/java/" + source + "Test.java"), test());
        files.put(root.resolve("events").resolve(name + ".json"), "{\"iterations\": 5000000}\n");
        files.put(root.resolve("techniques.json"), withEntry(Files.readString(root.resolve("techniques.json"))));
        files.put(root.resolve("pom.xml"), withModule(Files.readString(root.resolve("pom.xml"))));
        Path readme = root.resolve("functions/README.md");
        if (Files.isRegularFile(readme)) {
            files.put(readme, withReadmeRow(Files.readString(readme)));
        }
        Registry.parse(
                files.get(root.resolve("techniques.json"))); // the new entry must hold before anything is written
        List<String> written = new ArrayList<>();
        files.forEach((path, text) -> {
            try {
                Files.createDirectories(path.getParent());
                Files.writeString(path, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written.add(root.relativize(path).toString());
        });
        TemplateGenerator.write(root);
        written.add("template.yaml");
        written.add("scripts/lib/techniques.json");
        return written;
    }

    /** The root pom's values of the versions the scaffolded pom needs. */
    static Map<String, String> versions(String rootPom) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String property : VERSIONS) {
            Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</" + Pattern.quote(property) + ">")
                    .matcher(rootPom);
            if (!m.find()) {
                throw new IllegalStateException("the root pom has no <" + property + ">");
            }
            out.put(property, m.group(1).trim());
        }
        return out;
    }

    String pom(Map<String, String> versions) {
        StringBuilder props = new StringBuilder();
        props.append("    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>\n");
        versions.forEach((k, v) -> props.append("    <")
                .append(k)
                .append(">")
                .append(v)
                .append("</")
                .append(k)
                .append(">\n"));
        StringBuilder plugins = new StringBuilder();
        for (String plugin : List.of("compiler", "surefire", "dependency", "jar", "resources", "install", "clean")) {
            plugins.append("      <plugin>\n")
                    .append("        <groupId>org.apache.maven.plugins</groupId>\n")
                    .append("        <artifactId>maven-")
                    .append(plugin)
                    .append("-plugin</artifactId>\n")
                    .append("        <version>${maven-")
                    .append(plugin)
                    .append("-plugin.version}</version>\n");
            if (plugin.equals("surefire")) {
                plugins.append("        <configuration>\n")
                        .append("          <systemPropertyVariables>\n")
                        .append("            <kit.events.dir>${kit.events.dir}</kit.events.dir>\n")
                        .append("          </systemPropertyVariables>\n")
                        .append("        </configuration>\n");
            }
            plugins.append("      </plugin>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!--
                  %1$s: scaffolded by scripts/new-technique.sh. Baseline does its work in every call, Tuned once per
                  execution environment. Standalone on purpose (no <parent>): `sam build` copies this folder alone and runs
                  `mvn clean install` in it. Versions repeat the root pom's; kit-checks (PomVersionsAlignTest) keeps them equal.
                -->
                <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>kit.lambdatuning</groupId>
                  <artifactId>%1$s</artifactId>
                  <version>1.0.0</version>
                  <packaging>jar</packaging>

                  <properties>
                %2$s    <!-- The handler test loads the kit's shared events/ folder. In sam build's lone copy it does not exist, so tests
                         are off by default and the with-kit-events profile below turns them on inside the kit. -->
                    <skipTests>true</skipTests>
                    <kit.events.dir>${project.basedir}/../../events</kit.events.dir>
                  </properties>

                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>org.junit</groupId>
                        <artifactId>junit-bom</artifactId>
                        <version>${junit.version}</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>

                  <dependencies>
                    <dependency>
                      <groupId>com.amazonaws</groupId>
                      <artifactId>aws-lambda-java-core</artifactId>
                      <version>${aws-lambda-java-core.version}</version>
                    </dependency>
                    <!-- only the API the test compiles against: Surefire adds the matching Jupiter engine when it runs it -->
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter-api</artifactId>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>

                  <profiles>
                    <profile>
                      <id>with-kit-events</id>
                      <activation>
                        <file>
                          <exists>${basedir}/../../events</exists>
                        </file>
                      </activation>
                      <properties>
                        <skipTests>false</skipTests>
                      </properties>
                    </profile>
                  </profiles>

                  <build>
                    <plugins>
                %3$s    </plugins>
                  </build>
                </project>
                """.formatted(name, props, plugins);
    }

    String handler() {
        return """
                package tuning.%1$s;

                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.Map;
                import java.util.concurrent.ConcurrentHashMap;

                /**
                 * %2$s, scaffolded by scripts/new-technique.sh: replace the work with what the technique tunes. Baseline
                 * (%3$s=baseline) does the work in every call; Tuned (%3$s=tuned) does it once per execution environment and
                 * reuses the result on warm calls. The event gives the amount of work: {"iterations": N}.
                 */
                public final class %4$sHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                    static final long MAX_ITERATIONS = 2_000_000_000L;

                    private static final Map<Long, Long> DONE = new ConcurrentHashMap<>();

                    private final boolean tuned;

                    public %4$sHandler() {
                        this("tuned".equals(System.getenv("%3$s")));
                    }

                    %4$sHandler(boolean tuned) {
                        this.tuned = tuned;
                    }

                    @Override
                    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                        long n = iterations(event);
                        long answer = tuned ? DONE.computeIfAbsent(n, %4$sHandler::work) : work(n);
                        return Map.of("variant", tuned ? "Tuned" : "Baseline", "iterations", n, "answer", answer);
                    }

                    static long iterations(Map<String, Object> event) {
                        Object value = event == null ? null : event.get("iterations");
                        if (!(value instanceof Number number)
                                || number.longValue() < 1
                                || number.longValue() > MAX_ITERATIONS) {
                            throw new IllegalArgumentException(
                                    "'iterations' must be from 1 to " + MAX_ITERATIONS + ", got: " + value);
                        }
                        return number.longValue();
                    }

                    /** The work both variants do: a CPU loop whose result depends on every step. */
                    static long work(long n) {
                        long acc = 0;
                        for (long i = 1; i <= n; i++) {
                            acc = acc * 31 + i * i %% 7;
                        }
                        return acc;
                    }
                }
                """.formatted(packageName(name), name, modeVariable(), camel());
    }

    String test() {
        return """
                package tuning.%1$s;

                import static org.junit.jupiter.api.Assertions.assertEquals;
                import static org.junit.jupiter.api.Assertions.assertThrows;

                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.Map;
                import java.util.regex.Matcher;
                import java.util.regex.Pattern;
                import org.junit.jupiter.api.Test;

                class %2$sHandlerTest {
                    /** The kit's event for this technique, events/%3$s.json: {"iterations": N}. */
                    private static Map<String, Object> kitEvent() throws Exception {
                        String json = Files.readString(Path.of(System.getProperty("kit.events.dir"), "%3$s.json"));
                        Matcher m = Pattern.compile("\\"iterations\\"\\\\s*:\\\\s*(\\\\d+)").matcher(json);
                        if (!m.find()) {
                            throw new AssertionError("no iterations in " + json);
                        }
                        return Map.of("iterations", Long.parseLong(m.group(1)));
                    }

                    @Test
                    void bothVariantsGiveTheSameAnswerForTheKitsEvent() throws Exception {
                        Map<String, Object> event = kitEvent();
                        Map<String, Object> baseline = new %2$sHandler(false).handleRequest(event, null);
                        Map<String, Object> tuned = new %2$sHandler(true).handleRequest(event, null);
                        assertEquals("Baseline", baseline.get("variant"));
                        assertEquals("Tuned", tuned.get("variant"));
                        assertEquals(baseline.get("answer"), tuned.get("answer"));
                        assertEquals(tuned.get("answer"), new %2$sHandler(true).handleRequest(event, null).get("answer"));
                    }

                    @Test
                    void theAnswerDependsOnTheWork() {
                        assertEquals(1L, %2$sHandler.work(1));
                        assertEquals(%2$sHandler.work(3), (%2$sHandler.work(2) * 31) + 9 %% 7);
                    }

                    @Test
                    void badIterationsAreNamed() {
                        IllegalArgumentException e = assertThrows(
                                IllegalArgumentException.class,
                                () -> new %2$sHandler(false).handleRequest(Map.of("iterations", 0), null));
                        assertEquals("'iterations' must be from 1 to 2000000000, got: 0", e.getMessage());
                    }
                }
                """.formatted(packageName(name), camel(), name);
    }

    /** techniques.json with this technique's entry last (the report tells it after the others). */
    String withEntry(String registry) {
        int end = registry.lastIndexOf(']');
        int lastEntry = registry.lastIndexOf('}', end);
        if (end < 0 || lastEntry < 0) {
            throw new IllegalStateException("techniques.json: no techniques array to add to");
        }
        String variant = "        " + """
                        {"name": "%s", "codeUri": "functions/%s", "handlerClass": "%s", "environment": {"%s": "%s"}, "description": "%s"}""";
        String entry = """
                ,
                    {
                      "name": "%1$s",
                      "title": "%1$s: Baseline vs Tuned",
                      "question": "What does doing the work once per execution environment save? (scaffolded: say what %1$s tunes)",
                      "note": "Baseline does the work in every call, Tuned once per execution environment (scaffolded by scripts/new-technique.sh: say what the variants do).",
                      "baseline": "Baseline",
                      "variants": [
                %2$s,
                %3$s
                      ],
                      "sizes": {"all": [256, 1024], "local": [1024]},
                      "listsBucket": false,
                      "awsOnlyBecause": null,
                      "table": {"compare": "variants"},
                      "conclusion": {"kind": "baseline"},
                      "charts": ["cold", "duration", "cost", "warm"],
                      "counts": {"local": {"cold": 1, "warm": 3}, "aws": {"cold": 3, "warm": 10}}
                    }""".formatted(
                        name,
                        variant.formatted(
                                "Baseline",
                                name,
                                handlerClass(),
                                modeVariable(),
                                "baseline",
                                "the work in every call (scaffolded)"),
                        variant.formatted(
                                "Tuned",
                                name,
                                handlerClass(),
                                modeVariable(),
                                "tuned",
                                "the work once per execution environment (scaffolded)"));
        return registry.substring(0, lastEntry + 1) + entry + registry.substring(lastEntry + 1);
    }

    /** The root pom with the module after the last function module. */
    String withModule(String pom) {
        Matcher m = Pattern.compile("(?m)^(\\s*)<module>functions/[^<]+</module>\\n")
                .matcher(pom);
        int at = -1;
        String indent = "    ";
        while (m.find()) {
            at = m.end();
            indent = m.group(1);
        }
        if (at < 0) {
            throw new IllegalStateException("the root pom lists no functions/ module to add to");
        }
        return pom.substring(0, at) + indent + "<module>functions/" + name + "</module>\n" + pom.substring(at);
    }

    /** functions/README.md with a row for the module after the table's last row. */
    String withReadmeRow(String readme) {
        Matcher m = Pattern.compile("(?m)^\\| `[^`]+` \\|.*\\n").matcher(readme);
        int at = -1;
        while (m.find()) {
            at = m.end();
        }
        if (at < 0) {
            return readme;
        }
        String row = "| `" + name + "` | `" + camel()
                + "Handler` | scaffolded: a CPU loop done in every call (Baseline)"
                + " vs once per execution environment (Tuned, `" + modeVariable() + "`) | warm Tuned calls skip the"
                + " loop; say here what the technique tunes |\n";
        return readme.substring(0, at) + row + readme.substring(at);
    }

    /** ROOT NAME: scaffolds NAME in the kit at ROOT; a refused name prints why and exits 2. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("new-technique: usage: TechniqueScaffold ROOT NAME");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        String name = args[1].startsWith("${") ? "" : args[1]; // -Dtechnique not given: Maven passes the expression
        try {
            for (String path : new TechniqueScaffold(root, name).write()) {
                System.out.println("new-technique: wrote " + path);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("new-technique: " + e.getMessage());
            System.exit(2);
        }
        System.out.println("new-technique: next: mvn -B -q -f functions/" + name + "/pom.xml verify, then"
                + " scripts/run-experiments.sh --techniques " + name);
    }
}
