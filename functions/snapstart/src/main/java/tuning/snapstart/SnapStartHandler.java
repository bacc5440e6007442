package tuning.snapstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * A start-up-heavy function for SnapStart (AWS only: nothing local can snapshot a JVM the way Lambda does). Init builds an
 * SDK client; with SnapStart, Lambda runs init once when a version is published and later cold starts restore that
 * snapshot (Restore Duration instead of Init Duration). With PRIMING=true, the CRaC beforeCheckpoint hook also runs the
 * request path once (marshalling a request, no network call), so the classes it needs are loaded and compiled in the
 * snapshot instead of on the first restored invocation.
 */
public class SnapStartHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    private final S3Client s3;
    private final boolean primingEnabled;
    private volatile boolean primed;

    public SnapStartHandler() {
        this(
                Boolean.parseBoolean(System.getenv().getOrDefault("PRIMING", "false")),
                System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        Core.getGlobalContext().register(this);
    }

    SnapStartHandler(boolean primingEnabled, String region) {
        this.primingEnabled = primingEnabled;
        this.s3 = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    @SuppressWarnings("checkstyle:InlineQualifiedName") // org.crac.Context clashes with Lambda's Context
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (primingEnabled) {
            requestPath("priming");
            primed = true;
        }
    }

    @Override
    @SuppressWarnings("checkstyle:InlineQualifiedName") // org.crac.Context clashes with Lambda's Context
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: the client holds no connection yet, and credentials come from the restored environment
    }

    /** The work of an invocation without its network call: build and validate a request, touch the client's config. */
    private int requestPath(String prefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket("kit-priming")
                .prefix(prefix)
                .maxKeys(1)
                .build();
        return request.toString().length()
                + s3.serviceClientConfiguration().region().id().length();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long start = System.nanoTime();
        int work = requestPath(event == null ? "" : String.valueOf(event.getOrDefault("prefix", "")));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("initType", System.getenv().getOrDefault("AWS_LAMBDA_INITIALIZATION_TYPE", "unknown"));
        result.put("primingEnabled", primingEnabled);
        result.put("primed", primed);
        result.put("work", work);
        result.put("handlerMs", (System.nanoTime() - start) / 1_000_000.0);
        return result;
    }
}
