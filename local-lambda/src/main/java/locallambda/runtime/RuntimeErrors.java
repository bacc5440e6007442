package locallambda.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import locallambda.common.Json;

/**
 * The error bodies the local Lambda writes itself when the function could not answer, in the shape Lambda gives the
 * caller: {"errorType":...,"errorMessage":...}. Pure.
 */
final class RuntimeErrors {
    static final String TIMED_OUT = "Sandbox.Timedout";
    static final String EXIT = "Runtime.ExitError";
    static final String UNKNOWN = "Runtime.Unknown";
    static final String TOO_LARGE = "Function.ResponseSizeTooLarge";

    private RuntimeErrors() {}

    static byte[] body(String type, String message) {
        var err = Json.object();
        err.put("errorType", type);
        err.put("errorMessage", message);
        return Json.write(err).getBytes(StandardCharsets.UTF_8);
    }

    /** "Task timed out after 3.00 seconds": the log line's and the caller's message, after the request id. */
    static String taskTimedOut(long afterMs) {
        return "Task timed out after " + String.format(Locale.ROOT, "%.2f", afterMs / 1000.0) + " seconds";
    }

    /** The caller's body on a timeout: "RequestId: <id> Error: Task timed out after ...". */
    static byte[] timedOut(String requestId, String taskTimedOut) {
        return body(TIMED_OUT, "RequestId: " + requestId + " Error: " + taskTimedOut);
    }

    /** The caller's body when the runtime exited during the invocation. */
    static byte[] exited(String requestId, String exitMessage) {
        return body(EXIT, "RequestId: " + requestId + " " + exitMessage);
    }

    /** The caller's body when the function's response is over the Runtime API's limit. */
    static byte[] responseTooLarge() {
        return body(
                TOO_LARGE,
                "Response payload size exceeded maximum allowed payload size (" + RuntimeApiServer.MAX_PAYLOAD
                        + " bytes).");
    }
}
