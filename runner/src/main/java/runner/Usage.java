package runner;

import java.io.IOException;
import java.util.List;

/** The usage of run-experiments.sh and tune.sh (--help), with the facts of techniques.json in it. */
final class Usage {
    private Usage() {}

    static String of(String command, Kit kit) {
        return command.startsWith("tune") ? tune() : experiments(kit);
    }

    static String experiments(Kit kit) {
        Techniques t;
        try {
            t = Techniques.read(kit.techniquesFile());
        } catch (IOException e) {
            t = new Techniques(List.of());
        }
        return """
Usage: scripts/run-experiments.sh [--target local|aws] [--stack NAME] [--techniques a,b] [--memory 128,1769]
                                  [--cold N] [--warm M] [--region R] [--run-id ID] [--no-report] [--help]

Invokes every experiment function N times cold (each cold start forced by updating the function's configuration) and
M times warm after each cold one, keeps the raw REPORT lines under results/<run-id>/ and prints the tables.
The functions a table compares are invoked round-robin (size after size, variant after variant, one call each per
round), so a change of the host's speed during the run hits them all alike; a fixed CPU loop timed at the start,
between techniques and at the end measures that speed (run.json "calibration").

  --target local   (default) the kit's local Lambda on 127.0.0.1:${LOCAL_LAMBDA_PORT:-3001}. Started if it is not
                   running, and then stopped by the last run still using it (the local Lambda holds a lease per run);
                   a local Lambda started by hand is left running. Needs no AWS account. %s calls a local S3
                   (moto_server).
  --target aws     the functions of a deployed stack (sam deploy), with your AWS credentials.
  --stack NAME     stack to use on AWS (default: stack_name in samconfig.toml, now "%s").
  --techniques     comma-separated: %s.
                   Local default: all but %s (AWS only). AWS default: all.
  --memory         only these memory sizes (MB); each must be a size template.yaml has for one of the techniques,
                   and each technique named in --techniques must have one of them (default techniques without
                   any are left out). AWS default: all sizes.
                   Local default: %s.
  --cold N         cold invocations per function (default locally: %d for %s,
                   whose tables compare cold starts, %d for the others; 3 on AWS)
  --warm M         warm invocations after each cold one (default 3 locally, 10 on AWS)
  --region R       AWS region (default: your profile's; us-east-1 locally)
  --run-id ID      name of the results folder (default: a timestamp and the target)
  --no-report      keep the raw lines only; run scripts/report.sh results/<run-id> later

Everything is checked before anything starts (sizes, techniques, tools, the stack on AWS). Ctrl-C (INT) or TERM ends
the run at once: its calls and what it started are stopped, what was collected is kept, run.json says "interrupted".

Exit status: 0 when every call succeeded; 1 when anything failed (what was collected is kept, run.json says failed);
130/143 when interrupted.
"""
                .formatted(
                        String.join(
                                ", ",
                                t.all().stream()
                                        .filter(Techniques.Technique::listsBucket)
                                        .map(Techniques.Technique::name)
                                        .toList()),
                        kit.defaultStack(),
                        String.join(", ", t.names()),
                        String.join(", ", t.awsOnlyNames()),
                        t.localSizesText(),
                        ExperimentSettings.LOCAL_COLD_COMPARED,
                        String.join(", ", t.comparingColdStarts()),
                        ExperimentSettings.LOCAL_COLD_OTHER);
    }

    static String tune() {
        return """
Usage: scripts/tune.sh --template FILE --function LOGICAL_ID --payload FILE [--payload FILE@WEIGHT ...] [options]
       scripts/tune.sh --target aws --function-name NAME --payload FILE [--payload FILE@WEIGHT ...] [options]

For each memory size: set MemorySize (update-function-configuration, as on AWS), force N cold starts (a configuration
change gives the function new execution environments), run M warm invocations after each, keep the REPORT lines (Tail
and CloudWatch Logs) and every response, then report per size: cold Init and first call, warm p50/p90, cost per
invocation and per 1M (INIT billed on cold starts, request charge, architecture price), the recommended size per
strategy, a duration/cost chart, report.html and report/power-tuning.json (AWS Lambda Power Tuning's output shape).

  --target local     (default) the kit's local Lambda on 127.0.0.1:${LOCAL_LAMBDA_PORT:-3001}, started on --template
                     (its CodeUri built with its own pom, as sam build does) and stopped at the end; a local Lambda
                     already running on that port is used if it serves the function. No AWS account needed.
  --template FILE    the SAM template (local target)
  --function ID      the function's logical id in the template (local target)
  --target aws       a deployed function, with your AWS credentials
  --function-name N  its name or ARN (aws target)
  --payload FILE     the event (JSON) to send; repeat with FILE@WEIGHT for weighted payloads (relative integer weights,
                     as Power Tuning's): each size gets the same interleaved sequence of payloads
  --memory LIST      memory sizes in MB, 128-10240 (local default %s, aws %s)
  --cold N           cold starts per size (default 1 locally, 3 on AWS)
  --warm M           warm invocations after each cold start (default 5 locally, 10 on AWS)
  --strategy S       cost | speed | balanced: the pick written to power-tuning.json (default balanced; the report shows all three)
  --weight W         balanced weight, 0 (speed) to 1 (cost) (default 0.5)
  --region R         AWS region (default: your profile's; us-east-1 locally)
  --run-id ID        name of the results folder (default: a timestamp, "tune" and the target)
  --no-report        keep the raw lines only; run scripts/report.sh results/<run-id> later

IAM permissions for --target aws (on the function, and on its log group for the logs):
  lambda:GetFunctionConfiguration, lambda:UpdateFunctionConfiguration, lambda:InvokeFunction, logs:FilterLogEvents
The function is changed while it runs (MemorySize, plus one environment variable KIT_TUNE_COLD_START that forces cold
starts): tune a function no one else calls, e.g. in a test stack. Its original MemorySize and Environment are put back at
the end, also after an error or Ctrl-C; run.json says whether the restore succeeded.

Exit status: 0 when every call succeeded; 1 when any failed (a function error fails its size's cell, the sweep goes on;
what was collected is kept and reported); 2 on bad input (nothing was started or changed); 130 after Ctrl-C.
"""
                .formatted(TuneSettings.LOCAL_DEFAULT_MEMORY, TuneSettings.AWS_DEFAULT_MEMORY);
    }
}
