package locallambda;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.BiConsumer;
import locallambda.sandbox.CpuShare;

/** The local Lambda's command-line options: their one list, with defaults and meaning, is {@link #usage()}. */
final class Options {
    Path template = Paths.get("template.yaml");
    int port = 3001;
    String stackName = "local";
    Path envVars;
    String overrides;
    Path stateDir = Paths.get(".local-lambda");
    int maxEnvironments = 10;
    long idleTimeout = 600;
    boolean noCgroups;
    boolean cpuKeeper = true;
    CpuShare.InitCpu initCpu = CpuShare.InitCpu.ONE;
    long cpuPeriodMicros = locallambda.sandbox.Cgroups.DEFAULT_PERIOD_US;
    boolean runtimeArchive = true;
    boolean privateTmp = true;
    Path runtimeDir;
    boolean eagerBuild = true;
    long leasePid;
    boolean stopWhenUnleased;

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            BiConsumer<Options, String> setting = valueSetting(a);
            if (setting != null) {
                setting.accept(o, need(a, i + 1 < args.length ? args[i + 1] : null));
                i++;
                continue;
            }
            switch (a) {
                case "--no-cgroups" -> o.noCgroups = true;
                case "--no-cpu-keeper" -> o.cpuKeeper = false;
                case "--no-runtime-archive" -> o.runtimeArchive = false;
                case "--shared-tmp" -> o.privateTmp = false;
                case "--lazy-build" -> o.eagerBuild = false;
                case "--stop-when-unleased" -> o.stopWhenUnleased = true;
                case "--help", "-h" -> {
                    System.out.println(usage());
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
        }
        return o;
    }

    /** How an option that takes a value sets it, or null for a flag (or an unknown option). */
    private static BiConsumer<Options, String> valueSetting(String option) {
        return switch (option) {
            case "--template", "-t" -> (o, v) -> o.template = Paths.get(v);
            case "--port", "-p" -> (o, v) -> o.port = Integer.parseInt(v);
            case "--stack-name" -> (o, v) -> o.stackName = v;
            case "--env-vars", "-n" -> (o, v) -> o.envVars = Paths.get(v);
            case "--parameter-overrides" -> (o, v) -> o.overrides = v;
            case "--state-dir" -> (o, v) -> o.stateDir = Paths.get(v);
            case "--max-environments" -> (o, v) -> o.maxEnvironments = Integer.parseInt(v);
            case "--idle-timeout" -> (o, v) -> o.idleTimeout = Long.parseLong(v);
            case "--runtime-dir" -> (o, v) -> o.runtimeDir = Paths.get(v);
            case "--init-cpu" -> (o, v) -> o.initCpu = CpuShare.InitCpu.parse(v);
            case "--cpu-period" -> (o, v) -> o.cpuPeriodMicros = periodMicros(v);
            case "--lease-pid" -> (o, v) -> o.leasePid = leasePid(v);
            default -> null;
        };
    }

    /** --cpu-period in ms (1 to 1000, decimals allowed), as µs. */
    private static long periodMicros(String ms) {
        double v;
        try {
            v = Double.parseDouble(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--cpu-period takes milliseconds from 1 to 1000, not '" + ms + "'");
        }
        if (!(v >= 1 && v <= 1000)) {
            throw new IllegalArgumentException("--cpu-period takes milliseconds from 1 to 1000, not '" + ms + "'");
        }
        return Math.round(v * 1000);
    }

    private static long leasePid(String v) {
        Long pid = Leases.pidOf("pid=" + v);
        if (pid == null) {
            throw new IllegalArgumentException("--lease-pid takes a process id, not '" + v + "'");
        }
        return pid;
    }

    private static String need(String opt, String v) {
        if (v == null) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return v;
    }

    static String usage() {
        return "usage: java -jar local-lambda.jar [--template template.yaml] [--port 3001] [--stack-name local]\n"
                + "         [--env-vars FILE] [--parameter-overrides K=V,...] [--state-dir .local-lambda]\n"
                + "         [--max-environments 10] [--idle-timeout 600] [--init-cpu 1|2|throttled] [--cpu-period 20]\n"
                + "         [--no-cgroups] [--no-cpu-keeper] [--no-runtime-archive] [--shared-tmp] [--lazy-build] [--runtime-dir DIR]\n"
                + "         [--lease-pid PID] [--stop-when-unleased]\n"
                + "  --template, -t         the SAM template whose Java functions are served\n"
                + "  --port, -p             the loopback port of the Lambda and Logs APIs\n"
                + "  --stack-name           AWS::StackName for the template's intrinsics\n"
                + "  --env-vars, -n         a SAM --env-vars JSON file, applied last\n"
                + "  --parameter-overrides  template parameters, K=V,...\n"
                + "  --state-dir            build cache, runtime archives and the JNI library (created 0700)\n"
                + "  --max-environments     execution environments at once (429 past it)\n"
                + "  --idle-timeout         seconds an idle environment is kept warm\n"
                + "  --init-cpu             CPU of an on-demand init phase (start to the first /next): 1 vCPU (default, as Lambda),\n"
                + "                         2 vCPUs, or throttled (memory/1769 vCPU from the start); the invoke phase always gets memory/1769\n"
                + "  --cpu-period           CFS period in ms of an environment below 1 vCPU (default 20; longer where the quota\n"
                + "                         would be under the kernel's 1 ms; 100 ms from 1 vCPU up; 100 = the first model, where\n"
                + "                         calls needing less CPU than one quota ran unthrottled)\n"
                + "  --no-cgroups           no CPU or memory limits (every API still works)\n"
                + "  --no-cpu-keeper        no idle-priority spinners keeping the host's CPUs awake\n"
                + "  --no-runtime-archive   start environments with the JDK's default CDS archive\n"
                + "  --shared-tmp           environments share the host's /tmp instead of a private one each\n"
                + "  --lazy-build           build a function's code at its first invocation instead of at start\n"
                + "  --runtime-dir          the runtime interface client's jars for the child JVMs (default: target/runtime)\n"
                + "  --lease-pid            a lease for this process from the start (/_local/leases: held while it lives)\n"
                + "  --stop-when-unleased   stop when the last lease is gone (released, or its process ended)";
    }
}
