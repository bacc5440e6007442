package tuning.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DefaultS3HandlerTest {
    private static final String BUCKET = "kit-test-bucket";
    private static LocalS3 s3;

    @BeforeAll
    static void startLocalS3() throws Exception {
        // the default chains read these system properties before they would try the network
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.region", "us-east-1");
        s3 = LocalS3.start(BUCKET);
    }

    @AfterAll
    static void stopLocalS3() {
        s3.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kitEvent() {
        Path file = Path.of(System.getProperty("kit.events.dir"), "sdk-slimming.json");
        return EventLoader.loadEvent(file.toString(), Map.class);
    }

    private static DefaultS3Handler handler(String bucket) {
        return new DefaultS3Handler(bucket, s3.endpoint);
    }

    @Test
    void listsTheBucketWithARealS3Call() throws Exception {
        DefaultS3Handler handler = handler(BUCKET);
        Map<String, Object> empty = handler.handleRequest(kitEvent(), null);
        assertEquals(0, empty.get("keyCount"));
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s3.endpoint + "/" + BUCKET + "/hello.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("hi")).build(), HttpResponse.BodyHandlers.discarding());
        Map<String, Object> one = handler.handleRequest(kitEvent(), null);
        assertEquals(1, one.get("keyCount"));
        assertEquals("default", one.get("variant"));
        assertEquals("default (Apache5HttpClient)", one.get("httpClient"));
        assertTrue((Double) one.get("clientInitMs") > 0);
        assertTrue((Double) one.get("callMs") > 0);
    }

    @Test
    void aMissingBucketGivesTheS3ErrorCode() {
        DefaultS3Handler handler = handler("no-such-bucket-here");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handler.handleRequest(kitEvent(), null));
        assertTrue(e.getMessage().contains("no-such-bucket-here") && e.getMessage().contains("NoSuchBucket"), e.getMessage());
    }

    @Test
    void anUnsetBucketNameIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handler(" "));
        assertTrue(e.getMessage().contains("BUCKET_NAME"), e.getMessage());
    }
}
