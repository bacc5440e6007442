package locallambda.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the API answers: HTTP status, the error's type (x-amzn-ErrorType, __type) and its message. Thrown where the
 * error is found; {@link RequestGuard#serve} is the one place that catches it and writes it in the shape of the API the
 * request went to ({@link ErrorShape}), so no handler sends an error itself and then has to remember to stop.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final Map<String, String> members = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String type, String message) {
        // no stack trace: the error is the answer to a request, never printed; filling one per refusal is waste
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** Adds a member to the error's body after the message (a model's extra field, as Reason of a 429). */
    ApiException member(String name, String value) {
        members.put(name, value);
        return this;
    }

    /** Adds a response header (Retry-After of a 429). */
    ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Map<String, String> members() {
        return Collections.unmodifiableMap(members);
    }

    Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }
}
