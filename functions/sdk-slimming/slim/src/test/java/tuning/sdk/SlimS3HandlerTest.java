package tuning.sdk;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class SlimS3HandlerTest extends S3HandlerContract {
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    @Override
    RequestHandler<Map<String, Object>, Map<String, Object>> handler(String bucket, String endpoint) {
        return new SlimS3Handler(bucket, endpoint, "us-east-1", CREDENTIALS);
    }

    @Override
    String variant() {
        return "slim";
    }

    @Override
    String httpClient() {
        return "UrlConnectionHttpClient";
    }
}
