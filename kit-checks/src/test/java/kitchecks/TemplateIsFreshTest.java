package kitchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TemplateIsFreshTest {
    @Test
    void templateYamlIsWhatTheGeneratorWrites() throws Exception {
        String onDisk = Files.readString(Kit.ROOT.resolve("template.yaml"), StandardCharsets.UTF_8);
        assertEquals(
                TemplateGenerator.generate(),
                onDisk,
                "template.yaml is stale: run `mvn -q -f kit-checks/pom.xml compile exec:java` and commit the result");
    }

    @Test
    void techniquesJsonIsWhatTheGeneratorWrites() throws Exception {
        String onDisk = Files.readString(Kit.ROOT.resolve("scripts/lib/techniques.json"), StandardCharsets.UTF_8);
        assertEquals(
                TemplateGenerator.techniquesJson(),
                onDisk,
                "scripts/lib/techniques.json is stale: run `mvn -q -f kit-checks/pom.xml compile exec:java` and commit it");
    }
}
