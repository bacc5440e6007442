package kitchecks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes template.yaml: the one source of truth for which function exists at which memory size. Every function repeats
 * the same three resources (function, role, log group), so they are generated from the table below rather than typed.
 * From the same table it writes scripts/lib/techniques.json, what run-experiments.sh needs to know of each technique
 * (sizes, local defaults, the kit bucket, SnapStart, round-robin group), so that no script parses the YAML.
 *
 * <p>Run: {@code mvn -q -f kit-checks/pom.xml exec:java} (or {@code java -cp kit-checks/target/classes
 * kitchecks.TemplateGenerator template.yaml scripts/lib/techniques.json}); TemplateIsFreshTest fails when either file
 * differs from this output.
 */
public final class TemplateGenerator {

    /** One deployable variant of a technique: its handler, code folder and the environment that sets it apart. */
    record Variant(String name, String codeUri, String handler, Map<String, String> environment, String description) {
        /** The name the function carries as KIT_VARIANT: "default" when the technique has a single, unnamed variant. */
        String kitName() {
            return name.isEmpty() ? "default" : name;
        }
    }

    /**
     * A technique: its variants, the memory sizes each is deployed at, whether it reads the kit bucket, whether its
     * variants (except Off) use SnapStart, and how the runner runs it.
     */
    record Technique(
            String name,
            List<Variant> variants,
            List<Integer> memorySizes,
            boolean listsBucket,
            boolean snapStart,
            Runner runner) {
        String camel() {
            return camelCase(name);
        }

        /** SnapStart applies to every variant but the baseline Off, which is the same function without it. */
        boolean snapStart(Variant variant) {
            return snapStart && !variant.name().equals("Off");
        }

        /** The functions of one table are invoked round-robin as one group (by default, the technique's own). */
        String roundRobinGroup() {
            return runner.roundRobinGroup() == null ? name : runner.roundRobinGroup();
        }
    }

    /**
     * How run-experiments.sh runs a technique beyond what the template says: the memory sizes of a local run when
     * --memory is not given (a subset of the deployed sizes), whether its tables compare cold starts (a local run then
     * forces more of them), the round-robin group it shares with techniques whose tables it is compared with, and why it
     * runs on AWS only (null when it runs locally too).
     */
    record Runner(
            List<Integer> localMemorySizes, boolean comparesColdStarts, String roundRobinGroup, String awsOnlyBecause) {
        static Runner locallyAt(List<Integer> sizes) {
            return new Runner(sizes, false, null, null);
        }

        static Runner awsOnly(String because) {
            return new Runner(List.of(), false, null, because);
        }

        Runner comparingColdStarts() {
            return new Runner(localMemorySizes, true, roundRobinGroup, awsOnlyBecause);
        }

        Runner inGroup(String group) {
            return new Runner(localMemorySizes, comparesColdStarts, group, awsOnlyBecause);
        }
    }

    /** The alias SAM publishes a SnapStart function's versions under. */
    static final String SNAPSTART_ALIAS = "live";

    static final List<Integer> CPU_SWEEP = List.of(128, 256, 512, 1024, 1536, 1769, 2048, 3008);
    /** Locally the CPU-bound techniques sweep fewer sizes, so that a default run stays within 10 minutes on 2 cores. */
    static final List<Integer> LOCAL_CPU_SWEEP = List.of(128, 256, 512, 1024, 1769, 3008);
    /** Locally the other techniques run at one size, where a JVM starts in about a second. */
    static final List<Integer> LOCAL_ONE_SIZE = List.of(1024);
    /** scale-up and parallel are invoked as one round-robin group: the parallel table divides by scale-up. */
    static final String CPU_GROUP = "scale-up+parallel";

    static List<Technique> techniques() {
        return List.of(
                new Technique(
                        "context-reuse",
                        List.of(
                                variant(
                                        "SleepInHandler",
                                        "functions/context-reuse",
                                        "tuning.contextreuse.InitPerInvocationHandler",
                                        Map.of("EXPENSIVE_RESOURCE", "sleep", "SLEEP_MS", "2000"),
                                        "a 2 s sleep inside the handler: every invocation pays it"),
                                variant(
                                        "SleepOnce",
                                        "functions/context-reuse",
                                        "tuning.contextreuse.InitOncePerEnvironmentHandler",
                                        Map.of("EXPENSIVE_RESOURCE", "sleep", "SLEEP_MS", "2000"),
                                        "a 2 s sleep in INIT: paid once per execution environment"),
                                variant(
                                        "ClientInHandler",
                                        "functions/context-reuse",
                                        "tuning.contextreuse.InitPerInvocationHandler",
                                        Map.of("EXPENSIVE_RESOURCE", "s3-client"),
                                        "an S3 client built inside the handler: every invocation pays it"),
                                variant(
                                        "ClientOnce",
                                        "functions/context-reuse",
                                        "tuning.contextreuse.InitOncePerEnvironmentHandler",
                                        Map.of("EXPENSIVE_RESOURCE", "s3-client"),
                                        "an S3 client built in INIT: paid once per execution environment")),
                        List.of(256, 1024),
                        false,
                        false,
                        Runner.locallyAt(LOCAL_ONE_SIZE).comparingColdStarts()),
                new Technique(
                        "sdk-slimming",
                        List.of(
                                variant(
                                        "Default",
                                        "functions/sdk-slimming/default",
                                        "tuning.sdk.DefaultS3Handler",
                                        Map.of(),
                                        "S3 SDK as most people add it (Apache + Netty, default chains)"),
                                variant(
                                        "Slim",
                                        "functions/sdk-slimming/slim",
                                        "tuning.sdk.SlimS3Handler",
                                        Map.of(),
                                        "S3 SDK slimmed (URLConnection client, explicit region and credentials)"),
                                variant(
                                        "Crt",
                                        "functions/sdk-slimming/crt",
                                        "tuning.sdk.CrtS3Handler",
                                        Map.of(),
                                        "S3 SDK on the AWS CRT HTTP client")),
                        List.of(256, 1024),
                        true,
                        false,
                        Runner.locallyAt(LOCAL_ONE_SIZE).comparingColdStarts()),
                cpuTechnique(
                        "scale-up",
                        "tuning.cpuscaling.FibonacciHandler",
                        "the talk's CPU-bound Fibonacci loop on one thread"),
                cpuTechnique(
                        "parallel",
                        "tuning.cpuscaling.ParallelFibonacciHandler",
                        "the Fibonacci loop split over threads"),
                new Technique(
                        "jvm-options",
                        List.of(
                                variant(
                                        "Default",
                                        "functions/jvm-options",
                                        "tuning.jvmoptions.JvmOptionsHandler",
                                        Map.of(),
                                        "the runtime's default JIT setting (C1 only, TieredStopAtLevel=1)"),
                                variant(
                                        "Tiered",
                                        "functions/jvm-options",
                                        "tuning.jvmoptions.JvmOptionsHandler",
                                        Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=4"),
                                        "full tiered compilation (C1 then C2)"),
                                variant(
                                        "C2Only",
                                        "functions/jvm-options",
                                        "tuning.jvmoptions.JvmOptionsHandler",
                                        Map.of("JAVA_TOOL_OPTIONS", "-XX:-TieredCompilation"),
                                        "C2 only, no C1")),
                        List.of(256, 1024, 2048),
                        false,
                        false,
                        Runner.locallyAt(LOCAL_ONE_SIZE)),
                new Technique(
                        "logging",
                        List.of(
                                variant(
                                        "Log4j2",
                                        "functions/logging",
                                        "tuning.logging.Log4j2Handler",
                                        Map.of(),
                                        "100 lines through Log4j2 and the Lambda appender"),
                                variant(
                                        "LambdaLogger",
                                        "functions/logging",
                                        "tuning.logging.LambdaLoggerHandler",
                                        Map.of(),
                                        "100 lines through context.getLogger()")),
                        List.of(256, 1024),
                        false,
                        false,
                        Runner.locallyAt(LOCAL_ONE_SIZE).comparingColdStarts()),
                new Technique(
                        "snapstart",
                        List.of(
                                variant(
                                        "Primed",
                                        "functions/snapstart",
                                        "tuning.snapstart.SnapStartHandler",
                                        Map.of("PRIMING", "true"),
                                        "SnapStart with CRaC priming (AWS only)"),
                                variant(
                                        "Unprimed",
                                        "functions/snapstart",
                                        "tuning.snapstart.SnapStartHandler",
                                        Map.of("PRIMING", "false"),
                                        "SnapStart without priming (AWS only)"),
                                variant(
                                        "Off",
                                        "functions/snapstart",
                                        "tuning.snapstart.SnapStartHandler",
                                        Map.of("PRIMING", "false"),
                                        "the same function without SnapStart, the baseline")),
                        List.of(1024),
                        false,
                        true,
                        Runner.awsOnly("SnapStart snapshots and restores have no local equivalent")));
    }

    /**
     * scale-up and parallel: one unnamed variant each of the cpu-scaling module, swept over CPU_SWEEP and invoked as one
     * round-robin group (the parallel table divides by scale-up).
     */
    private static Technique cpuTechnique(String name, String handlerClass, String description) {
        return new Technique(
                name,
                List.of(variant("", "functions/cpu-scaling", handlerClass, Map.of(), description)),
                CPU_SWEEP,
                false,
                false,
                Runner.locallyAt(LOCAL_CPU_SWEEP).inGroup(CPU_GROUP));
    }

    private static Variant variant(
            String name, String codeUri, String handlerClass, Map<String, String> env, String description) {
        return new Variant(name, codeUri, handlerClass + "::handleRequest", new TreeMap<>(env), description);
    }

    static String camelCase(String dashed) {
        if (dashed.equals("snapstart")) {
            return "SnapStart"; // the product's own spelling
        }
        StringBuilder out = new StringBuilder();
        for (String part : dashed.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    /** The logical-id prefix of a function, e.g. ContextReuseSleepOnce256 (then Function, Role or LogGroup). */
    static String prefix(Technique technique, Variant variant, int memory) {
        return technique.camel() + variant.name() + memory;
    }

    public static String generate() {
        StringBuilder y = new StringBuilder();
        y.append("""
                # GENERATED by kit-checks/src/main/java/kitchecks/TemplateGenerator.java - do not edit by hand.
                # Regenerate: mvn -q -f kit-checks/pom.xml compile exec:java   (kit-checks' TemplateIsFreshTest fails when stale)
                AWSTemplateFormatVersion: '2010-09-09'
                Transform: AWS::Serverless-2016-10-31
                Description: >-
                  Lambda Tuning Kit: one Java function per tuning technique, variant and memory size, each with its own
                  least-privilege role and log group, plus a private bucket the SDK experiment lists.

                Parameters:
                  JavaRuntime:
                    Type: String
                    Default: java25
                    AllowedValues: [java21, java25]
                    Description: Managed Java runtime of every function (java17 can no longer be created since 31 Jul 2026).
                  Architecture:
                    Type: String
                    Default: x86_64
                    AllowedValues: [x86_64, arm64]
                    Description: Instruction set of every function; deploy one stack per architecture to compare them.
                  LogRetentionDays:
                    Type: Number
                    Default: 7
                    AllowedValues: [1, 3, 5, 7, 14, 30, 60, 90]
                    Description: Days CloudWatch keeps each function's logs (the raw REPORT lines are also kept under results/).

                Globals:
                  Function:
                    Runtime: !Ref JavaRuntime
                    Architectures:
                      - !Ref Architecture
                    # scale-up at 128 MB runs the ~1 s loop at 0.07 vCPU (~14 s) after a throttled cold start
                    Timeout: 120
                    Environment:
                      Variables:
                        KIT_STACK: !Ref AWS::StackName

                Resources:
                  KitBucket:
                    Type: AWS::S3::Bucket
                    # The kit never writes to this bucket, so deleting the stack deletes it; if you put objects in it,
                    # empty it first or `sam delete` stops with BucketNotEmpty (README: Clean up).
                    DeletionPolicy: Delete
                    UpdateReplacePolicy: Delete
                    Properties:
                      BucketEncryption:
                        ServerSideEncryptionConfiguration:
                          - ServerSideEncryptionByDefault:
                              SSEAlgorithm: AES256
                      PublicAccessBlockConfiguration:
                        BlockPublicAcls: true
                        BlockPublicPolicy: true
                        IgnorePublicAcls: true
                        RestrictPublicBuckets: true
                      OwnershipControls:
                        Rules:
                          - ObjectOwnership: BucketOwnerEnforced
                  KitBucketPolicy:
                    Type: AWS::S3::BucketPolicy
                    Properties:
                      Bucket: !Ref KitBucket
                      PolicyDocument:
                        Version: '2012-10-17'
                        Statement:
                          - Sid: DenyInsecureTransport
                            Effect: Deny
                            Principal: '*'
                            Action: 's3:*'
                            Resource:
                              - !GetAtt KitBucket.Arn
                              - !Sub '${KitBucket.Arn}/*'
                            Condition:
                              Bool:
                                aws:SecureTransport: 'false'
                """);
        Map<String, List<String>> functionsByTechnique = new LinkedHashMap<>();
        for (Technique technique : techniques()) {
            List<String> ids = new ArrayList<>();
            for (Variant variant : technique.variants()) {
                for (int memory : technique.memorySizes()) {
                    String prefix = prefix(technique, variant, memory);
                    ids.add(prefix + "Function");
                    appendFunction(y, technique, variant, memory, prefix);
                }
            }
            functionsByTechnique.put(technique.camel(), ids);
        }
        y.append("\nOutputs:\n");
        for (Map.Entry<String, List<String>> entry : functionsByTechnique.entrySet()) {
            y.append("  ").append(entry.getKey()).append("Functions:\n");
            y.append("    Description: Comma-separated names of the ")
                    .append(entry.getKey())
                    .append(" functions\n");
            y.append("    Value: !Join\n      - ','\n      -\n");
            for (String id : entry.getValue()) {
                y.append("        - !Ref ").append(id).append("\n");
            }
        }
        y.append("""
                  KitBucketName:
                    Description: Bucket the sdk-slimming functions list (private, encrypted, TLS only)
                    Value: !Ref KitBucket
                """);
        return y.toString();
    }

    private static void appendFunction(
            StringBuilder y, Technique technique, Variant variant, int memory, String prefix) {
        String fn = prefix + "Function";
        String variantName = variant.kitName();
        y.append("\n");
        y.append("  ").append(prefix).append("LogGroup:\n");
        y.append("    Type: AWS::Logs::LogGroup\n");
        y.append("    DeletionPolicy: Delete\n");
        y.append("    UpdateReplacePolicy: Delete\n");
        y.append("    Properties:\n");
        y.append("      LogGroupName: !Sub '/aws/lambda/${AWS::StackName}/")
                .append(fn)
                .append("'\n");
        y.append("      RetentionInDays: !Ref LogRetentionDays\n");
        y.append("  ").append(prefix).append("Role:\n");
        y.append("    Type: AWS::IAM::Role\n");
        y.append("    Properties:\n");
        y.append("      AssumeRolePolicyDocument:\n");
        y.append("        Version: '2012-10-17'\n");
        y.append("        Statement:\n");
        y.append("          - Effect: Allow\n");
        y.append("            Principal:\n");
        y.append("              Service: lambda.amazonaws.com\n");
        y.append("            Action: sts:AssumeRole\n");
        y.append("      Policies:\n");
        y.append("        - PolicyName: write-own-log-group\n");
        y.append("          PolicyDocument:\n");
        y.append("            Version: '2012-10-17'\n");
        y.append("            Statement:\n");
        y.append("              - Effect: Allow\n");
        y.append("                Action:\n");
        y.append("                  - logs:CreateLogStream\n");
        y.append("                  - logs:PutLogEvents\n");
        y.append("                Resource: !GetAtt ").append(prefix).append("LogGroup.Arn\n");
        if (technique.listsBucket()) {
            y.append("        - PolicyName: list-kit-bucket\n");
            y.append("          PolicyDocument:\n");
            y.append("            Version: '2012-10-17'\n");
            y.append("            Statement:\n");
            y.append("              - Effect: Allow\n");
            y.append("                Action: s3:ListBucket\n");
            y.append("                Resource: !GetAtt KitBucket.Arn\n");
        }
        y.append("  ").append(fn).append(":\n");
        y.append("    Type: AWS::Serverless::Function\n");
        y.append("    Properties:\n");
        y.append("      Description: '")
                .append(technique.name())
                .append(" ")
                .append(variantName)
                .append(" ")
                .append(memory)
                .append(" MB: ")
                .append(variant.description().replace("'", "''"))
                .append("'\n");
        y.append("      CodeUri: ").append(variant.codeUri()).append("\n");
        y.append("      Handler: ").append(variant.handler()).append("\n");
        y.append("      MemorySize: ").append(memory).append("\n");
        y.append("      Role: !GetAtt ").append(prefix).append("Role.Arn\n");
        y.append("      LoggingConfig:\n");
        y.append("        LogFormat: Text\n");
        y.append("        LogGroup: !Ref ").append(prefix).append("LogGroup\n");
        if (technique.snapStart(variant)) {
            y.append("      AutoPublishAlias: ").append(SNAPSTART_ALIAS).append("\n");
            y.append("      SnapStart:\n");
            y.append("        ApplyOn: PublishedVersions\n");
        }
        y.append("      Environment:\n");
        y.append("        Variables:\n");
        y.append("          KIT_TECHNIQUE: ").append(technique.name()).append("\n");
        y.append("          KIT_VARIANT: '")
                .append(variantName)
                .append("'\n"); // quoted: YAML reads a bare Off as false
        for (Map.Entry<String, String> env : variant.environment().entrySet()) {
            y.append("          ")
                    .append(env.getKey())
                    .append(": '")
                    .append(env.getValue())
                    .append("'\n");
        }
        if (technique.listsBucket()) {
            y.append("          BUCKET_NAME: !Ref KitBucket\n");
        }
    }

    /**
     * scripts/lib/techniques.json: per technique, in the talk's order (the order of the table above, which is also the
     * order of the report), what run-experiments.sh reads with jq: deployed and local memory sizes, whether it lists the
     * kit bucket, whether it runs locally, whether its tables compare cold starts, its round-robin group, its variants
     * (SnapStart ones are invoked through a version published per cold start) and its functions' logical ids.
     */
    public static String techniquesJson() {
        StringBuilder j = new StringBuilder();
        j.append("{\n");
        j.append(
                "  \"generatedBy\": \"kit-checks/src/main/java/kitchecks/TemplateGenerator.java (do not edit by hand)\",\n");
        j.append("  \"techniques\": [");
        String separator = "\n";
        for (Technique technique : techniques()) {
            Runner runner = technique.runner();
            if (!technique.memorySizes().containsAll(runner.localMemorySizes())) {
                throw new IllegalStateException(technique.name() + ": a local size is not deployed: "
                        + runner.localMemorySizes() + " vs " + technique.memorySizes());
            }
            j.append(separator);
            separator = ",\n";
            j.append("    {\n");
            j.append("      \"name\": ").append(quote(technique.name())).append(",\n");
            j.append("      \"memorySizes\": ")
                    .append(numbers(new TreeSet<>(technique.memorySizes())))
                    .append(",\n");
            j.append("      \"localMemorySizes\": ")
                    .append(numbers(new TreeSet<>(runner.localMemorySizes())))
                    .append(",\n");
            j.append("      \"runsLocally\": ")
                    .append(runner.awsOnlyBecause() == null)
                    .append(",\n");
            j.append("      \"awsOnlyBecause\": ")
                    .append(runner.awsOnlyBecause() == null ? "null" : quote(runner.awsOnlyBecause()))
                    .append(",\n");
            j.append("      \"listsBucket\": ").append(technique.listsBucket()).append(",\n");
            j.append("      \"comparesColdStarts\": ")
                    .append(runner.comparesColdStarts())
                    .append(",\n");
            j.append("      \"roundRobinGroup\": ")
                    .append(quote(technique.roundRobinGroup()))
                    .append(",\n");
            j.append("      \"variants\": [");
            String variantSeparator = "\n";
            for (Variant variant : technique.variants()) {
                j.append(variantSeparator);
                variantSeparator = ",\n";
                j.append("        {\"name\": ")
                        .append(quote(variant.kitName()))
                        .append(", \"snapStart\": ")
                        .append(technique.snapStart(variant))
                        .append(", \"alias\": ")
                        .append(technique.snapStart(variant) ? quote(SNAPSTART_ALIAS) : "null")
                        .append("}");
            }
            j.append("\n      ],\n");
            j.append("      \"functions\": [");
            String functionSeparator = "\n";
            for (Variant variant : technique.variants()) {
                for (int memory : technique.memorySizes()) {
                    j.append(functionSeparator);
                    functionSeparator = ",\n";
                    j.append("        {\"logicalId\": ")
                            .append(quote(prefix(technique, variant, memory) + "Function"))
                            .append(", \"variant\": ")
                            .append(quote(variant.kitName()))
                            .append(", \"memoryMB\": ")
                            .append(memory)
                            .append("}");
                }
            }
            j.append("\n      ]\n");
            j.append("    }");
        }
        j.append("\n  ]\n}\n");
        return j.toString();
    }

    private static String numbers(Collection<Integer> values) {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        values.forEach(v -> list.add(Integer.toString(v)));
        return list.toString();
    }

    /** A JSON string; the table's texts are plain, so quotes and backslashes are all there is to escape. */
    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Writes template.yaml and scripts/lib/techniques.json (paths as arguments, else relative to this folder). */
    public static void main(String[] args) throws IOException {
        Path template = Path.of(args.length > 0 ? args[0] : "template.yaml");
        Path techniques = Path.of(args.length > 1 ? args[1] : "scripts/lib/techniques.json");
        Files.writeString(template, generate(), StandardCharsets.UTF_8);
        System.out.println("wrote " + template.toAbsolutePath());
        Files.writeString(techniques, techniquesJson(), StandardCharsets.UTF_8);
        System.out.println("wrote " + techniques.toAbsolutePath());
    }
}
