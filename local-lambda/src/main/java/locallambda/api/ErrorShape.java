package locallambda.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * How one API writes an error on the wire: the Lambda REST API ({@link LambdaError}) or CloudWatch Logs over JSON 1.1
 * ({@link LogsError}). {@link RequestGuard} picks the shape once per request, by the API the request went to, and
 * every error of that request, its own refusals included, is written in it.
 */
interface ErrorShape {
    /** The shape of the API this request goes to (ApiServer routes by the same test). */
    static ErrorShape of(HttpExchange ex) {
        return LogsApi.handles(ex) ? LogsError.SHAPE : LambdaError.SHAPE;
    }

    /** Writes the error: status, headers, body. */
    void send(HttpExchange ex, ApiException e) throws IOException;

    /** This API's type for a failure of the local Lambda itself (the 500 of an unexpected exception). */
    String serviceErrorType();

    /** This API's type for a request body over its limit (413). */
    String tooLargeType();
}
