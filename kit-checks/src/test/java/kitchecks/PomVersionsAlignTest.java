package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Function modules cannot inherit the root pom (sam build copies them alone), so they repeat its versions: keep them
 * equal, and keep each module's list to what it uses.
 */
class PomVersionsAlignTest {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    /** A parsed pom: its top-level properties and every dependency or plugin that names a version. */
    record Pom(Element root, Map<String, String> properties, List<Versioned> versioned, List<Versioned> versionless) {}

    /** groupId:artifactId, the version as written, and whether it is an imported BOM. */
    record Versioned(String coordinates, String version, boolean bom) {}

    static Pom parse(Path pom) throws Exception {
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Element section : children(root, "properties")) {
            // profile properties switch tests on; they are not versions
            for (Element property : children(section, null)) {
                properties.put(property.getNodeName(), property.getTextContent().trim());
            }
        }
        List<Versioned> versioned = new ArrayList<>();
        List<Versioned> versionless = new ArrayList<>();
        for (String tag : List.of("dependency", "plugin")) {
            NodeList nodes = root.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                Element node = (Element) nodes.item(i);
                if (ancestor(node, "exclusions")) {
                    continue;
                }
                String group = text(node, "groupId", "org.apache.maven.plugins");
                String coordinates = group + ":" + text(node, "artifactId", "");
                boolean bom = "import".equals(text(node, "scope", ""));
                String version = text(node, "version", null);
                (version == null ? versionless : versioned).add(new Versioned(coordinates, version, bom));
            }
        }
        return new Pom(root, properties, versioned, versionless);
    }

    /**
     * What is wrong with one function module's pom, measured against the root pom: an empty list when it has no parent,
     * writes every version as a property the root pom holds at the same value, uses every property it declares, imports no
     * BOM it takes nothing from, and gives each library or plugin the root pom manages the root pom's version.
     */
    static List<String> problems(String module, Path rootPom, Path modulePom) throws Exception {
        Pom root = parse(rootPom);
        Pom pom = parse(modulePom);
        List<String> problems = new ArrayList<>();
        if (pom.root().getElementsByTagName("parent").getLength() != 0) {
            problems.add(module + " must not have a <parent>: sam build copies it alone");
        }
        String text = Files.readString(modulePom, StandardCharsets.UTF_8);
        pom.properties().forEach((name, value) -> {
            if (!name.endsWith(".version") && !"maven.compiler.release".equals(name)) {
                return;
            }
            if (!root.properties().containsKey(name)) {
                problems.add(module + ": " + name + " is not managed in the root pom");
            } else if (!root.properties().get(name).equals(value)) {
                problems.add(module + ": " + name + " = " + value + ", root has "
                        + root.properties().get(name));
            }
            if (name.endsWith(".version") && !text.contains("${" + name + "}")) {
                problems.add(module + ": " + name + " is declared but not used");
            }
        });
        Map<String, String> managed = new LinkedHashMap<>();
        for (Versioned v : root.versioned()) {
            managed.put(v.coordinates(), resolve(v.version(), root.properties()));
        }
        for (Versioned v : pom.versioned()) {
            Matcher reference = REFERENCE.matcher(v.version());
            if (!reference.matches() || !root.properties().containsKey(reference.group(1))) {
                problems.add(module + ": " + v.coordinates() + " has version " + v.version()
                        + "; write it as a property of the root pom");
            }
            String version = resolve(v.version(), pom.properties());
            String expected = managed.get(v.coordinates());
            if (expected != null && !expected.equals(version)) {
                problems.add(module + ": " + v.coordinates() + " " + version + ", root manages " + expected);
            }
            if (v.bom()) {
                String group = v.coordinates().substring(0, v.coordinates().indexOf(':'));
                if (pom.versionless().stream().noneMatch(d -> d.coordinates().startsWith(group))) {
                    problems.add(module + ": imports " + v.coordinates() + " but takes no version from it");
                }
            }
        }
        return problems;
    }

    @Test
    void functionModulesRepeatTheRootVersionsAndOnlyThoseTheyUse() throws Exception {
        TreeSet<String> modules = new TreeSet<>();
        for (Map<String, Object> function : Kit.functions().values()) {
            modules.add((String) function.get("CodeUri"));
        }
        List<String> problems = new ArrayList<>();
        for (String module : modules) {
            Path pom = Kit.ROOT.resolve(module).resolve("pom.xml");
            assertTrue(Files.isRegularFile(pom), pom + " missing");
            problems.addAll(problems(module, Kit.ROOT.resolve("pom.xml"), pom));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void driftAndUnusedVersionsAreNamed(@TempDir Path dir) throws Exception {
        Path root = write(
                dir.resolve("root.xml"),
                "<project><properties><core.version>1.4.0</core.version><sdk.version>2.0</sdk.version>"
                        + "<jar-plugin.version>3.4.2</jar-plugin.version></properties>"
                        + "<dependencyManagement><dependencies>"
                        + dependency("software.amazon.awssdk", "bom", "${sdk.version}", "import")
                        + dependency("com.amazonaws", "core", "${core.version}", null)
                        + "</dependencies></dependencyManagement><build><pluginManagement><plugins>"
                        + "<plugin><artifactId>maven-jar-plugin</artifactId><version>${jar-plugin.version}</version>"
                        + "</plugin></plugins></pluginManagement></build></project>");
        Path clean = write(
                dir.resolve("clean.xml"),
                "<project><properties><core.version>1.4.0</core.version></properties><dependencies>"
                        + dependency("com.amazonaws", "core", "${core.version}", null)
                        + "</dependencies></project>");
        assertEquals(List.of(), problems("clean", root, clean));

        Path drifted = write(
                dir.resolve("drifted.xml"),
                "<project><parent/><properties><core.version>1.4.1</core.version><sdk.version>2.0</sdk.version>"
                        + "<crac.version>1.5.0</crac.version></properties>"
                        + "<dependencyManagement><dependencies>"
                        + dependency("software.amazon.awssdk", "bom", "${sdk.version}", "import")
                        + "</dependencies></dependencyManagement><dependencies>"
                        + dependency("com.amazonaws", "core", "${core.version}", null)
                        + "</dependencies><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId>"
                        + "<version>3.4.1</version></plugin></plugins></build></project>");
        assertEquals(
                List.of(
                        "drifted must not have a <parent>: sam build copies it alone",
                        "drifted: core.version = 1.4.1, root has 1.4.0",
                        "drifted: crac.version is not managed in the root pom",
                        "drifted: crac.version is declared but not used",
                        "drifted: imports software.amazon.awssdk:bom but takes no version from it",
                        "drifted: com.amazonaws:core 1.4.1, root manages 1.4.0",
                        "drifted: org.apache.maven.plugins:maven-jar-plugin has version 3.4.1;"
                                + " write it as a property of the root pom",
                        "drifted: org.apache.maven.plugins:maven-jar-plugin 3.4.1, root manages 3.4.2"),
                problems("drifted", root, drifted));
    }

    private static String dependency(String group, String artifact, String version, String scope) {
        return "<dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>"
                + version + "</version>" + (scope == null ? "" : "<type>pom</type><scope>" + scope + "</scope>")
                + "</dependency>";
    }

    private static Path write(Path file, String xml) throws IOException {
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    private static String resolve(String version, Map<String, String> properties) {
        Matcher reference = REFERENCE.matcher(version);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            reference.appendReplacement(
                    out, Matcher.quoteReplacement(properties.getOrDefault(reference.group(1), reference.group())));
        }
        return reference.appendTail(out).toString();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node.getNodeType() == Node.ELEMENT_NODE && (name == null || name.equals(node.getNodeName()))) {
                out.add((Element) node);
            }
        }
        return out;
    }

    private static String text(Element element, String child, String fallback) {
        List<Element> found = children(element, child);
        return found.isEmpty() ? fallback : found.get(0).getTextContent().trim();
    }

    private static boolean ancestor(Node node, String name) {
        for (Node n = node.getParentNode(); n != null; n = n.getParentNode()) {
            if (name.equals(n.getNodeName())) {
                return true;
            }
        }
        return false;
    }
}
