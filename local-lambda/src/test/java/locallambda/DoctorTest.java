package locallambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What doctor.sh's Java checks report: the Maven cache against a POM tree, and the port. */
class DoctorTest {
    private static final String ROOT_POM = """
            <project>
              <groupId>kit.lambdatuning</groupId><artifactId>root</artifactId><version>1.0</version>
              <modules><module>tool</module><module>alone</module></modules>
              <properties><lib.version>2.5</lib.version><plugin.version>3.1</plugin.version></properties>
              <dependencyManagement><dependencies>
                <dependency><groupId>org.bom</groupId><artifactId>bom</artifactId><version>7</version>
                  <type>pom</type><scope>import</scope></dependency>
                <dependency><groupId>org.lib</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
              </dependencies></dependencyManagement>
              <build><pluginManagement><plugins>
                <plugin><artifactId>maven-compiler-plugin</artifactId><version>${plugin.version}</version></plugin>
              </plugins></pluginManagement></build>
            </project>
            """;
    /** Inherits: its versions come from the root's properties and managed versions. */
    private static final String TOOL_POM = """
            <project>
              <parent><groupId>kit.lambdatuning</groupId><artifactId>root</artifactId><version>1.0</version></parent>
              <artifactId>tool</artifactId>
              <dependencies>
                <dependency><groupId>org.lib</groupId><artifactId>lib</artifactId></dependency>
                <dependency><groupId>org.bom</groupId><artifactId>from-bom</artifactId></dependency>
                <dependency><groupId>kit.lambdatuning</groupId><artifactId>sibling</artifactId><version>1.0</version></dependency>
              </dependencies>
            </project>
            """;
    /** No parent (as the function modules): the root's properties do not apply. */
    private static final String ALONE_POM = """
            <project>
              <groupId>fn</groupId><artifactId>alone</artifactId><version>1</version>
              <properties><lib.version>9</lib.version></properties>
              <dependencies>
                <dependency><groupId>org.lib</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
              </dependencies>
            </project>
            """;

    private static Path tree(Path root) throws IOException {
        Files.writeString(root.resolve("pom.xml"), ROOT_POM);
        Files.createDirectories(root.resolve("tool"));
        Files.writeString(root.resolve("tool/pom.xml"), TOOL_POM);
        Files.createDirectories(root.resolve("alone"));
        Files.writeString(root.resolve("alone/pom.xml"), ALONE_POM);
        return root;
    }

    private static void put(Path repo, String group, String artifact, String version, String ext) throws IOException {
        Path dir = repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(artifact + "-" + version + "." + ext), "");
    }

    @Test
    void artifactsAreResolvedFromPropertiesAndManagedVersionsAndTheKitsOwnAreLeftOut(@TempDir Path dir)
            throws IOException {
        List<String> names = Doctor.artifacts(tree(dir).resolve("pom.xml")).stream()
                .map(Doctor.Artifact::toString)
                .toList();
        assertEquals(
                List.of(
                        "org.bom:bom:7",
                        "org.apache.maven.plugins:maven-compiler-plugin:3.1",
                        "org.lib:lib:2.5",
                        "org.bom:from-bom",
                        "org.lib:lib:9"),
                names);
    }

    @Test
    void mavenCacheIsOkWhenEveryArtifactIsThereAndNamesWhatIsMissing(@TempDir Path dir) throws IOException {
        Path root = tree(Files.createDirectories(dir.resolve("kit")));
        Path repo = Files.createDirectories(dir.resolve("repo"));
        put(repo, "org.bom", "bom", "7", "pom");
        put(repo, "org.apache.maven.plugins", "maven-compiler-plugin", "3.1", "jar");
        put(repo, "org.lib", "lib", "2.5", "jar");
        put(repo, "org.bom", "from-bom", "7", "jar");
        Doctor.Check missing = Doctor.mavenCache(root, repo);
        assertEquals("warning", missing.status(), missing::toString);
        assertTrue(missing.detail().startsWith("1 of 5 artifacts not in "), missing::toString);
        assertTrue(missing.detail().contains("org.lib:lib:9"), missing::toString);
        assertTrue(missing.fix().contains("mvn -B install -DskipTests"), missing::toString);

        put(repo, "org.lib", "lib", "9", "jar");
        Doctor.Check ok = Doctor.mavenCache(root, repo);
        assertEquals("ok", ok.status(), ok::toString);
    }

    @Test
    void aPortHeldByAnotherProgramIsMissingAndAFreeOneIsOk() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
            Doctor.Check held = Doctor.port(free);
            assertEquals("missing", held.status(), held::toString);
            assertTrue(held.fix().contains("LOCAL_LAMBDA_PORT"), held::toString);
        }
        assertEquals("ok", Doctor.port(free).status());
    }
}
