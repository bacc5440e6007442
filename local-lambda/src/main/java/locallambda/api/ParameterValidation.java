package locallambda.api;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import locallambda.common.Json;
import locallambda.registry.FunctionRegistry;
import locallambda.sandbox.ChildEnvironment;

/**
 * Lambda's parameter checks, with Lambda's error types and messages: what the API front end refuses
 * (ValidationException, "1 validation error detected: ..."), what the service refuses (InvalidParameterValueException,
 * InvalidRequestContentException), plus the local Lambda's own refusals of environment keys that would change how the
 * sandbox's shell, the dynamic loader or the JVM launcher behave.
 */
final class ParameterValidation {
    private ParameterValidation() {}

    /** A refused parameter: an API error (HTTP status, error type and message), answered where every one is. */
    static final class Invalid extends ApiException {
        Invalid(int status, String type, String message) {
            super(status, type, message);
        }

        static Invalid validation(String value, String member, String constraint) {
            return new Invalid(
                    400,
                    "ValidationException",
                    "1 validation error detected: Value " + (value == null ? "" : "'" + value + "' ") + "at '" + member
                            + "' failed to satisfy constraint: " + constraint);
        }

        static Invalid parameter(String message) {
            return new Invalid(400, "InvalidParameterValueException", message);
        }
    }

    static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");
    /** Lambda's limit on the environment: the variables as JSON, at most 4 KB. */
    static final int MAX_ENVIRONMENT_BYTES = 4096;

    static final int MAX_HANDLER = 128;
    static final int MAX_DESCRIPTION = 256;
    static final int MAX_QUALIFIER = 128;
    static final int MAX_CLIENT_CONTEXT = 3583;
    private static final Pattern QUALIFIER = Pattern.compile("\\$LATEST|[a-zA-Z0-9_$-]+");
    private static final Pattern HANDLER = Pattern.compile("[^\\s]+");

    /**
     * Keys Lambda lets a function set but the local Lambda refuses: they would run code in, or change, the sandbox
     * wrapper's shell (BASH_ENV, ENV, SHELLOPTS, ...) or load code into every process through the dynamic loader (LD_*,
     * GCONV_PATH). On Lambda the sandbox is a VM; here it is the user's own machine.
     */
    static final Set<String> SHELL_AND_LOADER = Set.of(
            "BASH_ENV",
            "ENV",
            "SHELLOPTS",
            "BASHOPTS",
            "PS4",
            "PROMPT_COMMAND",
            "IFS",
            "CDPATH",
            "GLOBIGNORE",
            "BASH_XTRACEFD",
            "HISTFILE",
            "GCONV_PATH",
            "NLSPATH",
            "LOCPATH",
            "HOSTALIASES",
            "RESOLV_HOST_CONF",
            "MALLOC_TRACE");
    /** Variables the java launcher and the JVM read options from. */
    static final Set<String> JVM_OPTION_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    /** JVM options that open a debugger or agent port, load native or Java agents, or read options from a file. */
    private static final Pattern DANGEROUS_JVM_OPTION = Pattern.compile(
            "(?i)(^|\\s)(-agentlib:|-agentpath:|-javaagent:|-Xrunjdwp|-Xdebug|-XX:Flags=|-XX:VMOptionsFile=|"
                    + "-Dcom\\.sun\\.management\\.jmxremote|-XX:\\+StartAttachListener|-XX:\\+EnableDynamicAgentLoading|@)");

    /**
     * Checks Environment.Variables as UpdateFunctionConfiguration receives it and returns it as a map: names
     * {@code [a-zA-Z][a-zA-Z0-9_]+}, string values, 4 KB in all, no reserved key, no shell/loader key, no JVM option
     * that opens a port or loads an agent.
     */
    static Map<String, String> environment(JsonNode variables) throws Invalid {
        Map<String, String> env = new LinkedHashMap<>();
        if (variables == null || variables.isNull() || variables.isMissingNode()) {
            return env;
        }
        if (!variables.isObject()) {
            throw new Invalid(
                    400,
                    "InvalidRequestContentException",
                    "Could not parse request body into json: Environment.Variables must be an object");
        }
        for (var it = variables.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new Invalid(
                        400,
                        "InvalidRequestContentException",
                        "Could not parse request body into json: the value of environment variable " + e.getKey()
                                + " must be a string");
            }
            env.put(e.getKey(), e.getValue().asText());
        }
        environment(env);
        return env;
    }

    /** The checks of {@link #environment(JsonNode)} on a map (also used for the template's variables). */
    static void environment(Map<String, String> env) throws Invalid {
        for (String k : env.keySet()) {
            if (!VARIABLE_NAME.matcher(k).matches()) {
                throw Invalid.validation(
                        null,
                        "environment.variables",
                        "Map keys must satisfy constraint: "
                                + "[Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
            }
        }
        List<String> reserved = env.keySet().stream()
                .filter(ChildEnvironment.RESERVED::contains)
                .toList();
        if (!reserved.isEmpty()) {
            throw Invalid.parameter("Lambda was unable to configure your environment variables because the environment "
                    + "variables you have provided contains reserved keys that are currently not supported for modification. "
                    + "Reserved keys used in this request: " + String.join(", ", reserved));
        }
        List<String> unsafe = env.keySet().stream()
                .filter(ParameterValidation::shellOrLoaderKey)
                .toList();
        if (!unsafe.isEmpty()) {
            throw Invalid.parameter("Lambda was unable to configure your environment variables because the environment "
                    + "variables you have provided contain keys the local Lambda refuses (they change how a shell or the "
                    + "dynamic loader behaves on this machine): " + String.join(", ", unsafe));
        }
        for (String k : JVM_OPTION_VARIABLES) {
            String v = env.get(k);
            if (v != null && DANGEROUS_JVM_OPTION.matcher(v).find()) {
                throw Invalid.parameter(
                        "Lambda was unable to configure your environment variables: " + k + " holds an option "
                                + "the local Lambda refuses (debugger or agent: -agentlib, -agentpath, -javaagent, -Xrunjdwp, -Xdebug, "
                                + "JMX remote, attach; or options from a file: -XX:Flags, -XX:VMOptionsFile, @file)");
            }
        }
        int size = Json.write(env).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_ENVIRONMENT_BYTES) {
            throw Invalid.parameter("Lambda was unable to configure your environment variables because the environment "
                    + "variables you have provided exceeded the 4KB limit. String measured: " + size + " bytes");
        }
    }

    static boolean shellOrLoaderKey(String k) {
        String u = k.toUpperCase(Locale.ROOT);
        return SHELL_AND_LOADER.contains(u) || u.startsWith("LD_") || u.startsWith("BASH_FUNC_");
    }

    /** MemorySize: an integer (not a fraction, not 2^32+128 wrapped to 128) from 128 to 10240. */
    static int memorySize(JsonNode n) throws Invalid {
        return intIn(n, 128, 10240, "MemorySize");
    }

    /** Timeout: an integer from 1 to 900 seconds. */
    static int timeout(JsonNode n) throws Invalid {
        return intIn(n, 1, 900, "Timeout");
    }

    private static int intIn(JsonNode n, int min, int max, String name) throws Invalid {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw Invalid.parameter("'" + name + "' value failed to satisfy constraint: Member must have value between "
                    + min + " and " + max);
        }
        return n.asInt();
    }

    static String handler(JsonNode n) throws Invalid {
        if (n == null || !n.isTextual()) {
            throw Invalid.validation(null, "handler", "Member must be a string");
        }
        String h = n.asText();
        if (h.length() > MAX_HANDLER) {
            throw Invalid.validation(h, "handler", "Member must have length less than or equal to " + MAX_HANDLER);
        }
        if (!HANDLER.matcher(h).matches()) {
            throw Invalid.validation(h, "handler", "Member must satisfy regular expression pattern: [^\\s]+");
        }
        return h;
    }

    static String description(JsonNode n) throws Invalid {
        if (n == null || !n.isTextual()) {
            throw Invalid.validation(null, "description", "Member must be a string");
        }
        String d = n.asText();
        if (d.length() > MAX_DESCRIPTION) {
            throw Invalid.validation(
                    null, "description", "Member must have length less than or equal to " + MAX_DESCRIPTION);
        }
        return d;
    }

    /** A qualifier (query parameter or the name's suffix): $LATEST, a version number or an alias-like name, 1-128 chars. */
    static void qualifier(String q) throws Invalid {
        if (q == null) {
            return;
        }
        if (q.isEmpty() || q.length() > MAX_QUALIFIER) {
            throw Invalid.validation(null, "qualifier", "Member must have length between 1 and " + MAX_QUALIFIER);
        }
        if (!QUALIFIER.matcher(q).matches()) {
            throw Invalid.validation(
                    q, "qualifier", "Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)");
        }
    }

    /** The version a qualifier names, or -1 when it is no version number that can exist (too many digits too). */
    /** A qualifier that is a version number, else -1 (the registry's rule). */
    static int versionNumber(String q) {
        return FunctionRegistry.versionNumber(q);
    }

    private static final ObjectWriter ASCII_JSON = Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    /**
     * The X-Amz-Client-Context header: at most 3583 bytes of Base64 of a JSON object. Returns the object re-written as
     * one line of ASCII JSON (the runtime gets it in a header: a raw CR/LF or a non-Latin-1 character there would break
     * the Runtime API response), or null when the header is absent.
     */
    static String clientContext(String header) throws Invalid {
        if (header == null || header.isBlank()) {
            return null;
        }
        String b64 = header.trim();
        if (b64.length() > MAX_CLIENT_CONTEXT) {
            throw new Invalid(
                    400,
                    "InvalidRequestContentException",
                    "Client context must be at most " + MAX_CLIENT_CONTEXT + " bytes of Base64-encoded JSON (got "
                            + b64.length() + ")");
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(Base64.getDecoder().decode(b64));
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException("not an object");
            }
            return ASCII_JSON.writeValueAsString(tree);
        } catch (Exception e) {
            throw new Invalid(
                    400,
                    "InvalidRequestContentException",
                    "Client context must be a valid Base64-encoded JSON object.");
        }
    }

    /** A Logs nextToken that is a non-negative number (as this server issues them), else InvalidParameterException. */
    static long logsToken(String token) throws Invalid {
        try {
            long v = Long.parseLong(token);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new Invalid(400, "InvalidParameterException", "The specified nextToken is invalid.");
    }
}
