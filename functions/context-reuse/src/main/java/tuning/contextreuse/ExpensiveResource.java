package tuning.contextreuse;

import java.time.Instant;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Something expensive to create, stamped with the moment it was created so a caller can see whether two invocations got
 * the same one. Two kinds: the talk's fixed sleep, and a real cost, building an AWS SDK S3 client (class loading, endpoint
 * rules, HTTP client) — building it makes no network call.
 */
final class ExpensiveResource {
    private final String kind;
    private final Instant createdAt;
    private final double creationMs;
    private final Object resource;

    private ExpensiveResource(String kind, Instant createdAt, double creationMs, Object resource) {
        this.kind = kind;
        this.createdAt = createdAt;
        this.creationMs = creationMs;
        this.resource = resource;
    }

    static ExpensiveResource create(ResourceSettings settings) {
        long start = System.nanoTime();
        Object resource = switch (settings.kind()) {
            case ResourceSettings.SLEEP -> sleep(settings.sleepMs());
            case ResourceSettings.S3_CLIENT ->
                S3Client.builder()
                        .region(Region.of(settings.region()))
                        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
            default -> throw new IllegalStateException("unknown kind " + settings.kind());
        };
        double creationMs = (System.nanoTime() - start) / 1_000_000.0;
        return new ExpensiveResource(settings.kind(), Instant.now(), creationMs, resource);
    }

    private static Object sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating an expensive initialisation", e);
        }
        return "slept " + millis + " ms";
    }

    String kind() {
        return kind;
    }

    Instant createdAt() {
        return createdAt;
    }

    double creationMs() {
        return creationMs;
    }

    Object resource() {
        return resource;
    }
}
