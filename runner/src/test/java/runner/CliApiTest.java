package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AWS path's calls keep the aws CLI's arguments the scripts always passed. */
class CliApiTest {
    /** An aws CLI that records its arguments and answers from a queue (else with success and no output). */
    static final class RecordingAws extends Aws {
        final Deque<Result> answers = new ArrayDeque<>();
        final List<List<String>> calls = new ArrayList<>();

        RecordingAws() {
            super("");
        }

        @Override
        Result call(List<String> args) {
            calls.add(args);
            return answers.isEmpty() ? new Result(0, "", "") : answers.poll();
        }
    }

    @Test
    void eachOperationIsTheCliCallItWas() {
        RecordingAws aws = new RecordingAws();
        CliApi api = new CliApi(aws);
        api.listFunctions();
        api.getFunctionConfiguration("F");
        api.updateFunctionConfiguration("F", null, Path.of("/r/.env.json"));
        api.updateFunctionConfiguration("F", 512, Path.of("/r/.env.json"));
        api.waitUpdated("F");
        api.waitActive("F", "3");
        api.deleteVersion("F", "3");
        api.invoke("F", Path.of("/e/a.json"), "", false, Path.of("/r/.out.json"));
        api.invoke("F", Path.of("/e/a.json"), "7", true, Path.of("/r/.out.json"));
        api.filterLogEvents("/aws/lambda/F", 1000, "?REPORT ?INIT_REPORT");
        assertEquals(
                List.of(
                        List.of("lambda", "list-functions", "--output", "json"),
                        List.of("lambda", "get-function-configuration", "--function-name", "F", "--output", "json"),
                        List.of("lambda", "update-function-configuration", "--function-name", "F", "--environment",
                                "file:///r/.env.json", "--output", "json"),
                        List.of("lambda", "update-function-configuration", "--function-name", "F", "--memory-size",
                                "512", "--environment", "file:///r/.env.json", "--output", "json"),
                        List.of("lambda", "wait", "function-updated", "--function-name", "F"),
                        List.of("lambda", "wait", "function-active-v2", "--function-name", "F", "--qualifier", "3"),
                        List.of("lambda", "delete-function", "--function-name", "F", "--qualifier", "3"),
                        List.of("lambda", "invoke", "--function-name", "F", "--payload", "fileb:///e/a.json",
                                "--log-type", "Tail", "--output", "json", "/r/.out.json"),
                        List.of("lambda", "invoke", "--function-name", "F", "--payload", "fileb:///e/a.json",
                                "--log-type", "Tail", "--qualifier", "7", "--cli-read-timeout", "0", "--output", "json",
                                "/r/.out.json"),
                        List.of("logs", "filter-log-events", "--log-group-name", "/aws/lambda/F", "--start-time",
                                "1000", "--filter-pattern", "?REPORT ?INIT_REPORT", "--output", "json")),
                aws.calls);
    }

    @Test
    void publishVersionGivesTheNumberAndAFailureItsErrorLine() {
        RecordingAws aws = new RecordingAws();
        aws.answers.add(new Aws.Result(0, "4\n", ""));
        aws.answers.add(new Aws.Result(
                255, "", "\nAn error occurred (ResourceNotFoundException) when calling the PublishVersion operation: "
                        + "Function not found\n"));
        CliApi api = new CliApi(aws);
        assertEquals(Api.Reply.ok("4"), api.publishVersion("F"));
        assertEquals(
                List.of("lambda", "publish-version", "--function-name", "F", "--query", "Version", "--output", "text"),
                aws.calls.get(0));
        Api.Reply failed = api.publishVersion("F");
        assertFalse(failed.ok());
        assertEquals(
                "An error occurred (ResourceNotFoundException) when calling the PublishVersion operation: Function not"
                        + " found",
                failed.error());
    }
}
