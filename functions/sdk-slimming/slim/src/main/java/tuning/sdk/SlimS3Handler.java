package tuning.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The slim setup: Apache and Netty excluded from the package, the JDK-based URLConnection client, the region taken from
 * AWS_REGION and the credentials from the environment variables Lambda sets, so no provider chain is walked; built once.
 */
public class SlimS3Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final S3Client s3;
    private final String bucket;
    private final double clientInitMs;

    public SlimS3Handler() {
        this(
                System.getenv("BUCKET_NAME"),
                System.getenv("S3_ENDPOINT"),
                System.getenv().getOrDefault("AWS_REGION", "us-east-1"),
                EnvironmentVariableCredentialsProvider.create());
    }

    SlimS3Handler(String bucket, String endpoint, String region, AwsCredentialsProvider credentials) {
        this.bucket = BucketListing.requireBucket(bucket);
        long start = System.nanoTime();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        this.s3 = BucketListing.build(builder, endpoint);
        this.clientInitMs = (System.nanoTime() - start) / 1_000_000.0;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return BucketListing.listOnce(s3, bucket, "slim", "UrlConnectionHttpClient", clientInitMs);
    }
}
