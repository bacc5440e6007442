package kitchecks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Function modules cannot inherit the root pom (sam build copies them alone), so they repeat its versions: keep them equal. */
class PomVersionsAlignTest {

    private static Map<String, String> properties(Path pom) throws Exception {
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
        Map<String, String> out = new LinkedHashMap<>();
        NodeList sections = root.getElementsByTagName("properties");
        for (int s = 0; s < sections.getLength(); s++) {
            if (sections.item(s).getParentNode() != root) {
                continue; // profile properties switch tests on; they are not versions
            }
            NodeList children = sections.item(s).getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                Node child = children.item(i);
                if (child.getNodeType() == Node.ELEMENT_NODE
                                && child.getNodeName().endsWith(".version")
                        || "maven.compiler.release".equals(child.getNodeName())) {
                    out.put(child.getNodeName(), child.getTextContent().trim());
                }
            }
        }
        return out;
    }

    @Test
    void functionModulesRepeatTheRootVersions() throws Exception {
        Map<String, String> root = properties(Kit.ROOT.resolve("pom.xml"));
        List<String> mismatches = new ArrayList<>();
        TreeSet<String> modules = new TreeSet<>();
        for (Map<String, Object> function : Kit.functions().values()) {
            modules.add((String) function.get("CodeUri"));
        }
        for (String module : modules) {
            Path pom = Kit.ROOT.resolve(module).resolve("pom.xml");
            assertTrue(Files.isRegularFile(pom), pom + " missing");
            assertTrue(
                    DocumentBuilderFactory.newInstance()
                                    .newDocumentBuilder()
                                    .parse(pom.toFile())
                                    .getDocumentElement()
                                    .getElementsByTagName("parent")
                                    .getLength()
                            == 0,
                    module + " must not have a <parent>: sam build copies it alone");
            properties(pom).forEach((name, value) -> {
                if (root.containsKey(name) && !root.get(name).equals(value)) {
                    mismatches.add(module + ": " + name + " = " + value + ", root has " + root.get(name));
                }
                if (!root.containsKey(name)) {
                    mismatches.add(module + ": " + name + " is not managed in the root pom");
                }
            });
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }
}
