package locallambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import locallambda.common.Json;
import locallambda.template.FunctionConfig;
import locallambda.template.Template;

/**
 * {@code java -cp local-lambda.jar locallambda.FunctionLookup TEMPLATE LOGICAL_ID}: reads the template as the server
 * would (Globals, parameters' defaults, intrinsics) and prints the function's resolved configuration as one JSON line,
 * without building or starting anything. scripts/tune.sh checks its input with it. Exit 0 = a Java function that runs
 * locally; 2 = template missing or unreadable; 3 = no such function; 4 = in the template but not a Java zip function
 * (or no local CodeUri). The message on stderr says which.
 */
public final class FunctionLookup {
    private FunctionLookup() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: java -cp local-lambda.jar locallambda.FunctionLookup TEMPLATE LOGICAL_ID");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String id = args[1];
        if (!Files.isRegularFile(file)) {
            fail(2, "template " + file + " not found");
        }
        Template t;
        try {
            t = Template.load(file, "local", Map.of(), null);
        } catch (Exception e) {
            fail(2, "template " + file + " could not be read: " + e.getMessage());
            return;
        }
        for (FunctionConfig f : t.functions) {
            if (f.name.equals(id)) {
                ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("name", f.name)
                        .put("runtime", f.runtime)
                        .put("handler", f.handler)
                        .put("memoryMb", f.memoryMb)
                        .put("timeoutSeconds", f.timeoutSeconds)
                        .put("architecture", f.architecture)
                        .put("codeUri", f.codeUri.toString())
                        .put("logGroup", f.logGroup);
                System.out.println(o);
                System.exit(0);
            }
        }
        for (String note : t.notes) {
            if (note.startsWith("function " + id + " skipped")) {
                fail(
                        4,
                        id + " is in " + file + " but cannot be tuned here: "
                                + note.substring(note.indexOf("skipped:") + 9));
            }
        }
        String known = t.functions.isEmpty()
                ? "none"
                : String.join(", ", t.functions.stream().map(f -> f.name).toList());
        fail(3, "no function " + id + " in " + file + " (Java functions there: " + known + ")");
    }

    private static void fail(int code, String message) {
        System.err.println(message);
        System.exit(code);
    }
}
