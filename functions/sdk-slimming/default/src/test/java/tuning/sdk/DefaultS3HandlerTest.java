package tuning.sdk;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

class DefaultS3HandlerTest extends S3HandlerContract {

    @BeforeAll
    static void useLocalCredentials() {
        // the default chains read these system properties before they would try the network
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.region", "us-east-1");
    }

    @Override
    RequestHandler<Map<String, Object>, Map<String, Object>> handler(String bucket, String endpoint) {
        return new DefaultS3Handler(bucket, endpoint);
    }

    @Override
    String variant() {
        return "default";
    }

    @Override
    String httpClient() {
        return "default (Apache5HttpClient)";
    }
}
