package tuning.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The AWS CRT HTTP client: native code (shipped inside the aws-crt jar for every platform, hence a big package) that AWS
 * recommends for fast start-up; region and credentials set explicitly as in the slim variant.
 */
public class CrtS3Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final S3Client s3;
    private final String bucket;
    private final double clientInitMs;

    public CrtS3Handler() {
        this(
                System.getenv("BUCKET_NAME"),
                System.getenv("S3_ENDPOINT"),
                System.getenv().getOrDefault("AWS_REGION", "us-east-1"),
                EnvironmentVariableCredentialsProvider.create());
    }

    CrtS3Handler(String bucket, String endpoint, String region, AwsCredentialsProvider credentials) {
        this.bucket = BucketListing.requireBucket(bucket);
        long start = System.nanoTime();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(AwsCrtHttpClient.create());
        this.s3 = BucketListing.build(builder, endpoint);
        this.clientInitMs = (System.nanoTime() - start) / 1_000_000.0;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return BucketListing.listOnce(s3, bucket, "crt", "AwsCrtHttpClient", clientInitMs);
    }
}
