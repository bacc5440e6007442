package kitchecks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import locallambda.template.CfnYaml;

/** Where the kit is and its template parsed, for the checks (they run the kit's tools with kit.testsupport.Command). */
final class Kit {
    static final Path ROOT =
            Path.of(System.getProperty("kit.root", "..")).toAbsolutePath().normalize();

    private Kit() {}

    static Map<String, Object> template() throws IOException {
        return CfnYaml.load(Files.readString(ROOT.resolve("template.yaml"), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> functions() throws IOException {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        Map<String, Object> resources = (Map<String, Object>) template().get("Resources");
        resources.forEach((id, resource) -> {
            Map<String, Object> r = (Map<String, Object>) resource;
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                functions.put(id, (Map<String, Object>) r.get("Properties"));
            }
        });
        return functions;
    }
}
