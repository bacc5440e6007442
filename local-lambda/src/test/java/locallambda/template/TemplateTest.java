package locallambda.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateTest {
    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              JavaRuntime: {Type: String, Default: java25}
              Architecture: {Type: String, Default: x86_64}
              Bucket: {Type: String}
            Conditions:
              IsArm: !Equals [!Ref Architecture, arm64]
            Globals:
              Function:
                Runtime: !Ref JavaRuntime
                MemorySize: 512
                Timeout: 30
                Architectures: [!Ref Architecture]
                CodeUri: functions/one
                Handler: a.B::handleRequest
                Environment:
                  Variables:
                    KIT_STACK: !Ref AWS::StackName
                    SHARED: global
                    REGION: !Sub '${AWS::Region}'
            Resources:
              OneLogGroup:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: !Sub /aws/lambda/${AWS::StackName}/OneFunction
              OneRole:
                Type: AWS::IAM::Role
                Properties: {}
              OneFunction:
                Type: AWS::Serverless::Function
                Properties:
                  MemorySize: 1024
                  Role: !GetAtt OneRole.Arn
                  LoggingConfig:
                    LogGroup: !Ref OneLogGroup
                  Environment:
                    Variables:
                      SHARED: own
                      JOINED: !Join [':', [x, !Ref JavaRuntime]]
                      ARCH_NOTE: !If [IsArm, arm, not-arm]
                      BUCKET: !Ref Bucket
                      GROUP_ARN: !GetAtt OneLogGroup.Arn
                      UNKNOWN: !GetAtt Nowhere.Thing
              TwoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: c.D::handleRequest
                  CodeUri: functions/two
              PyFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.13
                  Handler: app.handler
            """;

    private Template load(Path dir, Map<String, String> overrides, Path envVars) throws Exception {
        Path t = dir.resolve("template.yaml");
        Files.writeString(t, TEMPLATE);
        return Template.load(t, "kit", overrides, envVars);
    }

    @Test
    void globalsAreMergedAndIntrinsicsResolved(@TempDir Path dir) throws Exception {
        Template t = load(dir, Map.of(), null);
        assertEquals(2, t.functions.size(), "python function skipped");
        FunctionConfig one = t.functions.get(0);
        assertEquals("OneFunction", one.name);
        assertEquals("java25", one.runtime);
        assertEquals(1024, one.memoryMb);
        assertEquals(30, one.timeoutSeconds);
        assertEquals("a.B::handleRequest", one.handler);
        assertEquals(dir.resolve("functions/one").normalize(), one.codeUri);
        assertEquals("/aws/lambda/kit/OneFunction", one.logGroup);
        assertEquals("kit", one.environment.get("KIT_STACK"));
        assertEquals("own", one.environment.get("SHARED"));
        assertEquals("us-east-1", one.environment.get("REGION"));
        assertEquals("x:java25", one.environment.get("JOINED"));
        assertEquals("not-arm", one.environment.get("ARCH_NOTE"));
        assertEquals(
                "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/kit/OneFunction:*",
                one.environment.get("GROUP_ARN"));
        assertTrue(one.environment.get("BUCKET").startsWith("${unresolved:"), one.environment.get("BUCKET"));
        assertTrue(one.environment.get("UNKNOWN").startsWith("${unresolved:"));
        FunctionConfig two = t.functions.get(1);
        assertEquals(512, two.memoryMb);
        assertEquals("/aws/lambda/TwoFunction", two.logGroup);
        assertEquals("global", two.environment.get("SHARED"));
        assertTrue(t.logGroups.contains("/aws/lambda/kit/OneFunction"));
        assertTrue(t.notes.stream().anyMatch(n -> n.contains("PyFunction")));
    }

    @Test
    void parameterOverridesAndEnvVarsFile(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("env.json");
        Files.writeString(
                env,
                "{\"Parameters\": {\"SHARED\": \"all\"}, \"TwoFunction\": {\"SHARED\": \"two\", \"EXTRA\": \"1\"}}");
        Template t = load(dir, Template.parseOverrides("JavaRuntime=java21,Architecture=arm64"), env);
        FunctionConfig one = t.functions.get(0);
        assertEquals("java21", one.runtime);
        assertEquals("arm64", one.architecture);
        assertEquals("arm", one.environment.get("ARCH_NOTE"));
        assertEquals("all", one.environment.get("SHARED"));
        assertEquals("two", t.functions.get(1).environment.get("SHARED"));
        assertEquals("1", t.functions.get(1).environment.get("EXTRA"));
    }

    @Test
    void samStyleOverrides() {
        assertEquals(
                Map.of("A", "1", "B", "x"),
                Template.parseOverrides("ParameterKey=A,ParameterValue=1 ParameterKey=B,ParameterValue=x"));
    }

    @Test
    void reservedEnvironmentVariablesAreDroppedWithANote(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("template.yaml");
        Files.writeString(t, """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                      Handler: a.B::handleRequest
                      CodeUri: fn
                      Environment:
                        Variables:
                          AWS_REGION: eu-west-1
                          KEEP: kept
                """);
        Path env = dir.resolve("env.json");
        Files.writeString(env, "{\"Fn\": {\"_HANDLER\": \"x.Y::z\", \"OTHER\": \"1\"}}");
        Template tpl = Template.load(t, "kit", Map.of(), env, "x86_64");
        FunctionConfig fn = tpl.functions.get(0);
        assertFalse(fn.environment.containsKey("AWS_REGION"), fn.environment.toString());
        assertFalse(fn.environment.containsKey("_HANDLER"), fn.environment.toString());
        assertEquals("kept", fn.environment.get("KEEP"));
        assertEquals("1", fn.environment.get("OTHER"));
        assertTrue(
                tpl.notes.contains(
                        "function Fn: reserved environment variables AWS_REGION, _HANDLER dropped (Lambda does "
                                + "not allow setting them; the runtime's value is used)"),
                tpl.notes.toString());
    }

    @Test
    void anArchitectureOtherThanTheHostsGetsANote(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("template.yaml");
        Files.writeString(t, TEMPLATE);
        Map<String, String> arm = Template.parseOverrides("Architecture=arm64");
        Template onX86 = Template.load(t, "kit", arm, null, "x86_64");
        assertTrue(
                onX86.notes.contains("function OneFunction declares arm64 but runs on this x86_64 host: the other "
                        + "architecture's CPU speed is not emulated (durations are the host's); the report's prices still use "
                        + "arm64's rate"),
                onX86.notes.toString());
        assertEquals("arm64", onX86.functions.get(0).architecture, "the declared architecture is kept (prices use it)");
        assertFalse(Template.load(t, "kit", arm, null, "arm64").notes.stream().anyMatch(n -> n.contains("declares")));
        Template x86OnArm = Template.load(t, "kit", Map.of(), null, "arm64");
        assertTrue(
                x86OnArm.notes.stream()
                        .anyMatch(
                                n -> n.startsWith("function TwoFunction declares x86_64 but runs on this arm64 host")),
                x86OnArm.notes.toString());
        assertEquals("x86_64", Template.hostArchitecture("amd64"));
        assertEquals("arm64", Template.hostArchitecture("aarch64"));
    }

    @Test
    void provisionedConcurrencyConfigAppliesToTheAutoPublishAliasOnly(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("template.yaml");
        Files.writeString(t, """
                Globals:
                  Function:
                    Runtime: java25
                    Handler: a.B::handleRequest
                    CodeUri: fn
                Resources:
                  Provisioned:
                    Type: AWS::Serverless::Function
                    Properties:
                      AutoPublishAlias: live
                      ProvisionedConcurrencyConfig:
                        ProvisionedConcurrentExecutions: 3
                  NoAlias:
                    Type: AWS::Serverless::Function
                    Properties:
                      ProvisionedConcurrencyConfig:
                        ProvisionedConcurrentExecutions: 2
                  Plain:
                    Type: AWS::Serverless::Function
                    Properties:
                      AutoPublishAlias: live
                """);
        Template tpl = Template.load(t, "kit", Map.of(), null, "x86_64");
        assertEquals(3, tpl.functions.get(0).provisionedConcurrency);
        assertEquals(0, tpl.functions.get(1).provisionedConcurrency, "SAM refuses it without AutoPublishAlias");
        assertEquals(0, tpl.functions.get(2).provisionedConcurrency);
        assertTrue(
                tpl.notes.contains(
                        "function NoAlias: ProvisionedConcurrencyConfig ignored: SAM needs AutoPublishAlias with it"),
                tpl.notes.toString());
    }
}
