package locallambda.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import locallambda.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ParameterValidationTest {
    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private static ParameterValidation.Invalid refused(String type, Executable e) {
        ParameterValidation.Invalid x = assertThrows(ParameterValidation.Invalid.class, e);
        assertEquals(type, x.type(), x.getMessage());
        return x;
    }

    @Test
    void environmentNames() throws Exception {
        assertEquals(
                Map.of("A1", "x", "b_2", "y"), ParameterValidation.environment(json("{\"A1\":\"x\",\"b_2\":\"y\"}")));
        for (String bad : new String[] {"A=B", "1A", "A", "_A", "A-B", "A B", ""}) {
            refused("ValidationException", () -> ParameterValidation.environment(Map.of(bad, "v")));
        }
        refused("InvalidRequestContentException", () -> ParameterValidation.environment(json("{\"A1\":{\"x\":1}}")));
        refused("InvalidRequestContentException", () -> ParameterValidation.environment(json("[1]")));
    }

    @Test
    void environmentSizeIs4KB() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AA", "x".repeat(4096 - "{\"AA\":\"\"}".length()));
        ParameterValidation.environment(env);
        env.put("AA", env.get("AA") + "x");
        assertTrue(refused("InvalidParameterValueException", () -> ParameterValidation.environment(env))
                .getMessage()
                .contains("4KB"));
    }

    @Test
    void reservedShellLoaderAndDebuggerKeysAreRefused() {
        refused("InvalidParameterValueException", () -> ParameterValidation.environment(Map.of("AWS_REGION", "x")));
        for (String k : new String[] {
            "BASH_ENV", "ENV", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "SHELLOPTS", "PS4", "GCONV_PATH"
        }) {
            refused(
                    "InvalidParameterValueException",
                    () -> ParameterValidation.environment(Map.of(k, "$(touch /tmp/x)")));
        }
        for (String v : new String[] {
            "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
            "-Xmx1g -javaagent:/x.jar",
            "-Xrunjdwp:transport=dt_socket",
            "-agentpath:/lib.so",
            "-Dcom.sun.management.jmxremote.port=9010",
            "-XX:Flags=/x"
        }) {
            for (String k : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) { // _JAVA_OPTIONS: not a valid name
                refused("InvalidParameterValueException", () -> ParameterValidation.environment(Map.of(k, v)));
            }
        }
        assertDoesNotThrow(Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dagentlib=x"));
    }

    private static void assertDoesNotThrow(Map<String, String> env) {
        try {
            ParameterValidation.environment(env);
        } catch (ParameterValidation.Invalid e) {
            throw new AssertionError(e.getMessage());
        }
    }

    @Test
    void memorySizeIsAnIntegerInRange() throws Exception {
        assertEquals(128, ParameterValidation.memorySize(json("128")));
        assertEquals(10240, ParameterValidation.memorySize(json("10240")));
        String wraps = BigInteger.TWO.pow(32).add(BigInteger.valueOf(128)).toString();
        for (String bad : new String[] {"127", "10241", wraps, "1024.5", "\"1024\"", "null", "-1"}) {
            refused("InvalidParameterValueException", () -> ParameterValidation.memorySize(json(bad)));
        }
    }

    @Test
    void timeoutIs1To900() throws Exception {
        assertEquals(900, ParameterValidation.timeout(json("900")));
        for (String bad : new String[] {"0", "901", "4294967297", "1.5"}) {
            refused("InvalidParameterValueException", () -> ParameterValidation.timeout(json(bad)));
        }
    }

    @Test
    void handlerAndDescription() throws Exception {
        assertEquals("a.B::c", ParameterValidation.handler(json("\"a.B::c\"")));
        refused("ValidationException", () -> ParameterValidation.handler(json("\"" + "h".repeat(129) + "\"")));
        refused("ValidationException", () -> ParameterValidation.handler(json("\"a b\"")));
        refused("ValidationException", () -> ParameterValidation.description(json("\"" + "d".repeat(257) + "\"")));
    }

    @Test
    void qualifiers() throws Exception {
        ParameterValidation.qualifier(null);
        ParameterValidation.qualifier("$LATEST");
        ParameterValidation.qualifier("12");
        ParameterValidation.qualifier("live_1-x");
        for (String bad : new String[] {"", "q".repeat(129), "a b", "a/b", "x:y"}) {
            refused("ValidationException", () -> ParameterValidation.qualifier(bad));
        }
        assertEquals(-1, ParameterValidation.versionNumber("9999999999"));
        assertEquals(-1, ParameterValidation.versionNumber("0"));
        assertEquals(2147483647, ParameterValidation.versionNumber("2147483647"));
    }

    @Test
    void clientContext() throws Exception {
        assertNull(ParameterValidation.clientContext(null));
        String crlf = Base64.getEncoder()
                .encodeToString(
                        "{\"custom\":{\"k\":\"a\\r\\nb\u00e9\"},\r\n \"env\":{}}".getBytes(StandardCharsets.UTF_8));
        String one = ParameterValidation.clientContext(crlf);
        assertTrue(!one.contains("\r") && !one.contains("\n") && one.chars().allMatch(c -> c < 128), one);
        assertEquals("a\r\nb\u00e9", Json.MAPPER.readTree(one).at("/custom/k").asText());
        refused("InvalidRequestContentException", () -> ParameterValidation.clientContext("not base64!"));
        refused(
                "InvalidRequestContentException",
                () -> ParameterValidation.clientContext(Base64.getEncoder().encodeToString("[1]".getBytes())));
        String big = Base64.getEncoder().encodeToString(("{\"k\":\"" + "x".repeat(2700) + "\"}").getBytes());
        assertTrue(big.length() > 3583);
        refused("InvalidRequestContentException", () -> ParameterValidation.clientContext(big));
    }

    @Test
    void logsTokens() throws Exception {
        assertEquals(12, ParameterValidation.logsToken("12"));
        for (String bad : new String[] {"-1", "x", "", "99999999999999999999"}) {
            refused("InvalidParameterException", () -> ParameterValidation.logsToken(bad));
        }
    }
}
