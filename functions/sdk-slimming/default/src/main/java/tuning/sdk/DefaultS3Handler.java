package tuning.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 SDK as most people add it: the s3 artifact with its default HTTP clients (Apache 5 for sync, Netty for async) in the
 * package, and the default region and credential provider chains, which probe several sources before they settle.
 */
public class DefaultS3Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final S3Client s3;
    private final String bucket;
    private final double clientInitMs;

    public DefaultS3Handler() {
        this(System.getenv("BUCKET_NAME"), System.getenv("S3_ENDPOINT"));
    }

    DefaultS3Handler(String bucket, String endpoint) {
        this.bucket = BucketListing.requireBucket(bucket);
        long start = System.nanoTime();
        this.s3 = BucketListing.build(S3Client.builder(), endpoint);
        this.clientInitMs = (System.nanoTime() - start) / 1_000_000.0;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return BucketListing.listOnce(s3, bucket, "default", "default (Apache5HttpClient)", clientInitMs);
    }
}
