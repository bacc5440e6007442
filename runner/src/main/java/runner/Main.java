package runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The runner's commands, as scripts/run-experiments.sh and scripts/tune.sh call them:
 * <pre>
 *   experiments-check ARGS...   check run-experiments.sh's command line; make results/&lt;run-id&gt;/ (prints it)
 *   experiments-run DIR [--s3-endpoint URL --bucket NAME]
 *   tune-check ARGS...          the same for tune.sh (bad input: status 2)
 *   tune-run DIR
 * </pre>
 * With --help a check prints the script's usage instead. Progress goes to stderr, as the scripts' own lines.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: runner.Main experiments-check|experiments-run|tune-check|tune-run ...");
            return 2;
        }
        Kit kit = Kit.fromEnvironment();
        Consumer<String> log = line -> {
            err.println(line);
            err.flush();
        };
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        String command = args[0];
        try {
            Techniques techniques = Techniques.read(kit.techniquesFile());
            switch (command) {
                case "experiments-check" -> out.println(Experiments.check(rest, kit, techniques, log));
                case "experiments-run" -> {
                    return new Experiments(
                                    kit,
                                    techniques,
                                    Paths.get(rest[0]),
                                    Api.of(local(Paths.get(rest[0])), kit),
                                    log,
                                    option(rest, "--s3-endpoint"),
                                    option(rest, "--bucket"))
                            .run();
                }
                case "tune-check" -> out.println(Tune.check(rest, kit));
                case "tune-run" -> {
                    return new Tune(kit, Paths.get(rest[0]), log).run();
                }
                default -> {
                    err.println("runner: unknown command " + command);
                    return 2;
                }
            }
            return 0;
        } catch (Cli.Refused e) {
            if (e.status == 0) {
                out.print(Usage.of(command, kit));
                return 0;
            }
            if (e.withUsage) {
                err.print(Usage.of(command, kit));
            }
            if (!e.getMessage().isEmpty()) {
                err.println("error: " + e.getMessage());
            }
            return e.status;
        } catch (Exception e) {
            err.println("error: " + e);
            return 1;
        }
    }

    /** Whether the run's calls go to the local Lambda (its target is local), else through the aws CLI. */
    private static boolean local(Path dir) throws IOException {
        return Json.read(dir.resolve(Experiments.SETTINGS)).path("target").asText().equals("local");
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return "";
    }
}
