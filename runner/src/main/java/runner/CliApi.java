package runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The operations as aws CLI calls, with the arguments the scripts always passed (the AWS path: --target aws). */
final class CliApi implements Api {
    private final Aws aws;

    CliApi(Aws aws) {
        this.aws = aws;
    }

    @Override
    public Reply listFunctions() {
        return reply(aws.call("lambda", "list-functions", "--output", "json"));
    }

    @Override
    public Reply getFunctionConfiguration(String function) {
        return reply(aws.call("lambda", "get-function-configuration", "--function-name", function, "--output", "json"));
    }

    @Override
    public Reply updateFunctionConfiguration(String function, Integer memoryMb, Path environment) {
        List<String> args = new ArrayList<>(List.of("lambda", "update-function-configuration", "--function-name", function));
        if (memoryMb != null) {
            args.addAll(List.of("--memory-size", memoryMb.toString()));
        }
        args.addAll(List.of("--environment", "file://" + environment, "--output", "json"));
        return reply(aws.call(args));
    }

    @Override
    public Reply publishVersion(String function) {
        Aws.Result r = aws.call(
                "lambda", "publish-version", "--function-name", function, "--query", "Version", "--output", "text");
        return r.ok() ? Reply.ok(r.out().trim()) : Reply.failed(r.errLine());
    }

    @Override
    public Reply waitUpdated(String function) {
        return reply(aws.call("lambda", "wait", "function-updated", "--function-name", function));
    }

    @Override
    public Reply waitActive(String function, String qualifier) {
        return reply(aws.call(
                "lambda", "wait", "function-active-v2", "--function-name", function, "--qualifier", qualifier));
    }

    @Override
    public Reply deleteVersion(String function, String qualifier) {
        return reply(aws.call("lambda", "delete-function", "--function-name", function, "--qualifier", qualifier));
    }

    @Override
    public Reply putProvisionedConcurrency(String function, String qualifier, int environments) {
        return reply(aws.call(
                "lambda",
                "put-provisioned-concurrency-config",
                "--function-name",
                function,
                "--qualifier",
                qualifier,
                "--provisioned-concurrent-executions",
                Integer.toString(environments),
                "--output",
                "json"));
    }

    @Override
    public Reply getProvisionedConcurrency(String function, String qualifier) {
        return reply(aws.call(
                "lambda",
                "get-provisioned-concurrency-config",
                "--function-name",
                function,
                "--qualifier",
                qualifier,
                "--output",
                "json"));
    }

    @Override
    public Reply deleteProvisionedConcurrency(String function, String qualifier) {
        return reply(aws.call(
                "lambda", "delete-provisioned-concurrency-config", "--function-name", function, "--qualifier", qualifier));
    }

    @Override
    public Reply invoke(String function, Path payload, String qualifier, boolean untimed, Path body) {
        List<String> args = new ArrayList<>(List.of(
                "lambda", "invoke", "--function-name", function, "--payload", "fileb://" + payload, "--log-type", "Tail"));
        if (!qualifier.isEmpty()) {
            args.addAll(List.of("--qualifier", qualifier));
        }
        if (untimed) {
            args.addAll(List.of("--cli-read-timeout", "0"));
        }
        args.addAll(List.of("--output", "json", body.toString()));
        return reply(aws.call(args));
    }

    @Override
    public Reply filterLogEvents(String group, long startMs, String pattern) {
        return reply(aws.call(
                "logs",
                "filter-log-events",
                "--log-group-name",
                group,
                "--start-time",
                Long.toString(startMs),
                "--filter-pattern",
                pattern,
                "--output",
                "json"));
    }

    @Override
    public void stop() {
        aws.stop();
    }

    @Override
    public boolean stopped() {
        return aws.stopped();
    }

    private static Reply reply(Aws.Result r) {
        return r.ok() ? Reply.ok(r.out()) : Reply.failed(r.errLine());
    }
}
