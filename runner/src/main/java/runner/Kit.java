package runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the kit's files are and what the scripts' environment says (KIT_ROOT, KIT_EVENTS_DIR, ...). */
final class Kit {
    final Path root;
    final Path events;
    final Map<String, String> env;

    Kit(Path root, Path events, Map<String, String> env) {
        this.root = root;
        this.events = events;
        this.env = env;
    }

    static Kit fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path root = Paths.get(env.getOrDefault("KIT_ROOT", ".")).toAbsolutePath().normalize();
        String events = env.get("KIT_EVENTS_DIR");
        return new Kit(root, events == null || events.isEmpty() ? root.resolve("events") : Paths.get(events), env);
    }

    Path techniquesFile() {
        return root.resolve("scripts/lib/techniques.json");
    }

    String localPort() {
        return env.getOrDefault("LOCAL_LAMBDA_PORT", "3001");
    }

    String localEndpoint() {
        return "http://127.0.0.1:" + localPort();
    }

    /** KIT_AWS_ENDPOINT_URL: the AWS path pointed at local stand-ins (the tests); "" = the real AWS. */
    String awsEndpoint() {
        return env.getOrDefault("KIT_AWS_ENDPOINT_URL", "");
    }

    /** samconfig.toml's stack_name, else lambda-tuning-kit. */
    String defaultStack() {
        Pattern p = Pattern.compile("^\\s*stack_name\\s*=\\s*\"(.*)\"", Pattern.MULTILINE);
        try {
            Matcher m = p.matcher(Files.readString(root.resolve("samconfig.toml")));
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException e) {
            // no samconfig.toml: the default name
        }
        return "lambda-tuning-kit";
    }

    /** The tools named that are not on PATH. */
    List<String> missing(List<String> tools) {
        List<String> out = new ArrayList<>();
        String path = env.getOrDefault("PATH", "");
        for (String tool : tools) {
            boolean found = false;
            for (String dir : path.split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, tool))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                out.add(tool);
            }
        }
        return out;
    }
}
