package tuning.sdk;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the three variants share: the one real S3 call each makes (ListObjectsV2, one key), timed, with S3 errors turned
 * into a clear message, and the client pointed at the right S3. The three modules keep identical copies of this file
 * (kit-checks' SdkSlimmingCopiesTest fails when they drift).
 */
final class BucketListing {
    private BucketListing() {}

    static Map<String, Object> listOnce(
            S3Client s3, String bucket, String variant, String httpClient, double clientInitMs) {
        long start = System.nanoTime();
        ListObjectsV2Response response;
        try {
            response = s3.listObjectsV2(request -> request.bucket(bucket).maxKeys(1));
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null
                    ? "unknown"
                    : e.awsErrorDetails().errorCode();
            throw new IllegalStateException(
                    "S3 ListObjectsV2 on bucket '" + bucket + "' failed: " + code + " (HTTP " + e.statusCode() + ")");
        }
        double callMs = (System.nanoTime() - start) / 1_000_000.0;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("variant", variant);
        result.put("httpClient", httpClient);
        result.put("bucket", bucket);
        result.put("keyCount", response.keyCount());
        result.put("clientInitMs", clientInitMs);
        result.put("callMs", callMs);
        return result;
    }

    /**
     * Builds the variant's client, pointed at a local S3 (moto) when an endpoint is given: path-style, since a local S3
     * has no per-bucket host names. No endpoint (on Lambda): the real S3 of the region.
     */
    static S3Client build(S3ClientBuilder builder, String endpoint) {
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    static String requireBucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("BUCKET_NAME is not set: the template passes the kit bucket's name");
        }
        return bucket;
    }
}
