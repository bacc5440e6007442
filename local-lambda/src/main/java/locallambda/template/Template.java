package locallambda.template;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import locallambda.common.Json;
import locallambda.sandbox.ChildEnvironment;

/**
 * A SAM template read the way `sam local` reads it: Globals.Function merged into every AWS::Serverless::Function
 * (Environment.Variables merged key by key), Parameters with their defaults and the overrides, intrinsics resolved,
 * function name = logical id, log group = LoggingConfig.LogGroup else /aws/lambda/&lt;name&gt;, and the SAM --env-vars file
 * applied last ({"LogicalId": {...}, "Parameters": {...}} where Parameters applies to every function).
 */
public final class Template {

    public final List<FunctionConfig> functions = new ArrayList<>();
    public final List<String> logGroups = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();
    final Map<String, Object> parameters = new LinkedHashMap<>();

    public static Template load(Path file, String stackName, Map<String, String> parameterOverrides, Path envVarsFile)
            throws IOException {
        return load(
                file, stackName, parameterOverrides, envVarsFile, hostArchitecture(System.getProperty("os.arch", "")));
    }

    /** Lambda's name for the JVM's os.arch (amd64 → x86_64, aarch64 → arm64); anything else as it is. */
    static String hostArchitecture(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch;
        };
    }

    /** hostArch: the architecture functions really run on here (a parameter so the note can be tested on any host). */
    @SuppressWarnings("unchecked")
    public static Template load(
            Path file, String stackName, Map<String, String> parameterOverrides, Path envVarsFile, String hostArch)
            throws IOException {
        Template t = new Template();
        Map<String, Object> doc = CfnYaml.load(Files.readString(file));
        Path baseDir = file.toAbsolutePath().getParent();

        Map<String, Object> params = map(doc.get("Parameters"));
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Map<String, Object> p = map(e.getValue());
            Object def = p.get("Default");
            if (def != null) {
                t.parameters.put(e.getKey(), String.valueOf(def));
            }
        }
        for (Map.Entry<String, String> e : parameterOverrides.entrySet()) {
            if (!params.containsKey(e.getKey())) {
                t.notes.add("parameter override " + e.getKey() + " is not a template parameter");
            }
            t.parameters.put(e.getKey(), e.getValue());
        }
        for (String p : params.keySet()) {
            if (!t.parameters.containsKey(p)) {
                t.parameters.put(p, Intrinsics.placeholder("parameter " + p));
                t.notes.add("parameter " + p + " has no default and no override: using a placeholder");
            }
        }

        Map<String, Object> resources = map(doc.get("Resources"));
        Intrinsics in = new Intrinsics(
                t.parameters, resources, map(doc.get("Conditions")), map(doc.get("Mappings")), stackName);
        Map<String, Object> globals = map(map(doc.get("Globals")).get("Function"));

        Map<String, Map<String, String>> envOverrides = Map.of();
        if (envVarsFile != null) {
            envOverrides = Json.MAPPER.readValue(
                    envVarsFile.toFile(), new TypeReference<Map<String, Map<String, String>>>() {});
        }

        for (Map.Entry<String, Object> e : resources.entrySet()) {
            String id = e.getKey();
            Map<String, Object> res = map(e.getValue());
            String type = String.valueOf(res.get("Type"));
            if (type.equals("AWS::Logs::LogGroup")) {
                t.logGroups.add(in.resolveString(new LinkedHashMap<>(Map.of("Ref", id))));
                continue;
            }
            if (!type.equals("AWS::Serverless::Function")) {
                continue;
            }
            if (res.get("Condition") != null && !in.condition(String.valueOf(res.get("Condition")))) {
                t.notes.add("function " + id + " skipped: condition " + res.get("Condition") + " is false");
                continue;
            }
            Map<String, Object> props = merge(globals, map(res.get("Properties")));
            props = (Map<String, Object>) in.resolve(props);
            String runtime = str(props.get("Runtime"), "");
            String packageType = str(props.get("PackageType"), "Zip");
            if (!runtime.startsWith("java") || !packageType.equals("Zip")) {
                t.notes.add("function " + id + " skipped: only Java zip functions run locally (Runtime " + runtime
                        + ", PackageType " + packageType + ")");
                continue;
            }
            Object codeUri = props.get("CodeUri");
            if (!(codeUri instanceof String)) {
                t.notes.add("function " + id + " skipped: CodeUri must be a local folder, got " + codeUri);
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, Object> vars = map(map(props.get("Environment")).get("Variables"));
            vars.forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
            Map<String, String> common = envOverrides.get("Parameters");
            if (common != null) {
                env.putAll(common);
            }
            Map<String, String> own = envOverrides.get(id);
            if (own != null) {
                env.putAll(own);
            }
            // Lambda refuses these keys in a function's configuration (the runtime sets them). Passing one through
            // would silently replace the runtime's value in the child JVM, which AWS never does.
            List<String> reservedKeys = env.keySet().stream()
                    .filter(ChildEnvironment.RESERVED::contains)
                    .toList();
            if (!reservedKeys.isEmpty()) {
                reservedKeys.forEach(env::remove);
                t.notes.add(
                        "function " + id + ": reserved environment variable" + (reservedKeys.size() == 1 ? " " : "s ")
                                + String.join(", ", reservedKeys) + " dropped (Lambda does not allow setting "
                                + (reservedKeys.size() == 1 ? "it" : "them") + "; the runtime's value is used)");
            }

            Map<String, Object> logging = map(props.get("LoggingConfig"));
            String logGroup = str(logging.get("LogGroup"), "/aws/lambda/" + id);
            String logFormat = str(logging.get("LogFormat"), "Text");
            Object archs = props.get("Architectures");
            String arch = archs instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : "x86_64";
            boolean snap =
                    "PublishedVersions".equals(str(map(props.get("SnapStart")).get("ApplyOn"), "None"));
            String alias = props.get("AutoPublishAlias") == null ? null : String.valueOf(props.get("AutoPublishAlias"));
            int reserved = props.get("ReservedConcurrentExecutions") == null
                    ? -1
                    : parseInt(props.get("ReservedConcurrentExecutions"), -1);
            FunctionConfig.Builder b = FunctionConfig.builder(id);
            b.runtime = runtime;
            b.handler = str(props.get("Handler"), "");
            b.codeUri = baseDir.resolve(String.valueOf(codeUri)).normalize();
            b.memoryMb = parseInt(props.get("MemorySize"), 128);
            b.timeoutSeconds = parseInt(props.get("Timeout"), 3);
            b.architecture = arch;
            b.environment = env;
            b.logGroup = logGroup;
            b.logFormat = logFormat;
            b.snapStart = snap;
            b.alias = alias;
            b.description = str(props.get("Description"), "");
            b.reservedConcurrency = reserved;
            b.provisionedConcurrency = ProvisionedConcurrencySetting.read(id, props, alias, t.notes);
            FunctionConfig f = b.build();
            if (!arch.equals(hostArch)) {
                // an arm64 (Graviton) function on an x86_64 host or the reverse: the JVM is the host's, so timings are
                // the host CPU's; only prices follow the declared architecture
                t.notes.add(
                        "function " + id + " declares " + arch + " but runs on this " + hostArch + " host: the other "
                                + "architecture's CPU speed is not emulated (durations are the host's); the report's prices still use "
                                + arch + "'s rate");
            }
            if (snap) {
                t.notes.add("function " + id
                        + ": SnapStart is not emulated locally (runs on-demand, tiered as java25 SnapStart)");
            }
            t.functions.add(f);
        }
        return t;
    }

    /** Globals merged under the function's properties: maps merged recursively, scalars/lists from the function. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> out = new LinkedHashMap<>(globals);
        for (Map.Entry<String, Object> e : own.entrySet()) {
            Object g = out.get(e.getKey());
            if (g instanceof Map
                    && e.getValue() instanceof Map
                    && !isIntrinsic((Map<String, Object>) e.getValue())
                    && !isIntrinsic((Map<String, Object>) g)) {
                out.put(e.getKey(), merge((Map<String, Object>) g, (Map<String, Object>) e.getValue()));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static boolean isIntrinsic(Map<String, Object> m) {
        if (m.size() != 1) {
            return false;
        }
        String k = m.keySet().iterator().next();
        return k.equals("Ref") || k.startsWith("Fn::");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : new LinkedHashMap<>();
    }

    private static String str(Object o, String def) {
        return o == null ? def : String.valueOf(o);
    }

    private static int parseInt(Object o, int def) {
        if (o == null) {
            return def;
        }
        try {
            return (int) Double.parseDouble(String.valueOf(o));
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /** "K=V,K2=V2" or "ParameterKey=K,ParameterValue=V ..." (both forms sam accepts). */
    public static Map<String, String> parseOverrides(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        if (s.contains("ParameterKey=")) {
            for (String part : s.split("\\s+")) {
                String k = null, v = null;
                for (String kv : part.split(",")) {
                    if (kv.startsWith("ParameterKey=")) {
                        k = kv.substring(13);
                    } else if (kv.startsWith("ParameterValue=")) {
                        v = kv.substring(15);
                    }
                }
                if (k != null) {
                    out.put(k, v == null ? "" : v);
                }
            }
            return out;
        }
        for (String part : s.split("[,\\s]+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }
}
