package runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Lambda and CloudWatch Logs operations the runners make, and nothing else: one method per operation, chosen once
 * per run by target ({@link #of}). On AWS they stay aws CLI calls ({@link CliApi}: the user's credentials, profiles and
 * regions as set up); against the local Lambda they are HTTP requests from this JVM ({@link LocalApi}), since starting
 * one aws process per call took longer than the functions ran. Both answer in the CLI's shapes and words.
 */
interface Api {
    /**
     * An operation's answer: what the CLI would print on stdout with --output json (for publish-version: the version
     * number alone), or, when it failed, its error output on one line (null when it succeeded).
     */
    record Reply(String out, String error) {
        static Reply ok(String out) {
            return new Reply(out, null);
        }

        static Reply failed(String error) {
            return new Reply("", error);
        }

        boolean ok() {
            return error == null;
        }

        /** The output as JSON ({} when empty). */
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(out.isBlank() ? "{}" : out);
        }
    }

    /** Thrown when a call is asked for after {@link #stop}, or when stop ended the call in flight. */
    final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped");
        }
    }

    /** ListFunctions, every page: {"Functions": [...]}. */
    Reply listFunctions();

    /** GetFunctionConfiguration of $LATEST. */
    Reply getFunctionConfiguration(String function);

    /** UpdateFunctionConfiguration: the Environment in the file ({"Variables": {...}}), and MemorySize unless null. */
    Reply updateFunctionConfiguration(String function, Integer memoryMb, Path environment);

    /** PublishVersion: the new version's number. */
    Reply publishVersion(String function);

    /** Until the last configuration update is applied (aws lambda wait function-updated). */
    Reply waitUpdated(String function);

    /** Until the version is Active (aws lambda wait function-active-v2). */
    Reply waitActive(String function, String qualifier);

    /** DeleteFunction of a published version. */
    Reply deleteVersion(String function, String qualifier);

    /** PutProvisionedConcurrencyConfig on a version or alias: {"Status": "IN_PROGRESS", ...}. */
    Reply putProvisionedConcurrency(String function, String qualifier, int environments);

    /** GetProvisionedConcurrencyConfig: {"Status", "AllocatedProvisionedConcurrentExecutions", ...}. */
    Reply getProvisionedConcurrency(String function, String qualifier);

    /** DeleteProvisionedConcurrencyConfig. */
    Reply deleteProvisionedConcurrency(String function, String qualifier);

    /**
     * A synchronous Invoke with LogType Tail of the payload file (qualifier: "" for $LATEST); the response body goes to
     * the file {@code body}, the reply is {"StatusCode", "FunctionError", "LogResult", "ExecutedVersion"}. Untimed: no
     * read timeout (a tuned function may run long), else the CLI's 60 s.
     */
    Reply invoke(String function, Path payload, String qualifier, boolean untimed, Path body);

    /** FilterLogEvents since startMs with the pattern, every page: {"events": [...], "searchedLogStreams": [...]}. */
    Reply filterLogEvents(String group, long startMs, String pattern);

    /** Ends the call in flight and refuses new ones: a Ctrl-C or TERM ends a run at once. */
    void stop();

    boolean stopped();

    /** The local Lambda's client for the local target, else the aws CLI (to KIT_AWS_ENDPOINT_URL, or AWS). */
    static Api of(boolean local, Kit kit) {
        return local ? new LocalApi(LocalHttp.to(kit.localEndpoint())) : new CliApi(new Aws(kit.awsEndpoint()));
    }
}
