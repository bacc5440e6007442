package tuning.contextreuse;

import java.util.Map;

/** Which expensive resource to build, from the function's environment: EXPENSIVE_RESOURCE (sleep | s3-client), SLEEP_MS. */
record ResourceSettings(String kind, long sleepMs, String region) {
    static final String SLEEP = "sleep";
    static final String S3_CLIENT = "s3-client";
    static final long DEFAULT_SLEEP_MS = 2000;

    ResourceSettings {
        if (!SLEEP.equals(kind) && !S3_CLIENT.equals(kind)) {
            throw new IllegalArgumentException("EXPENSIVE_RESOURCE must be 'sleep' or 's3-client', got: " + kind);
        }
        if (sleepMs < 0 || sleepMs > 60_000) {
            throw new IllegalArgumentException("SLEEP_MS must be from 0 to 60000, got: " + sleepMs);
        }
    }

    static ResourceSettings fromEnvironment(Map<String, String> env) {
        String kind = env.getOrDefault("EXPENSIVE_RESOURCE", SLEEP);
        String sleep = env.getOrDefault("SLEEP_MS", Long.toString(DEFAULT_SLEEP_MS));
        long sleepMs;
        try {
            sleepMs = Long.parseLong(sleep.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SLEEP_MS must be a whole number of milliseconds, got: " + sleep);
        }
        return new ResourceSettings(kind, sleepMs, env.getOrDefault("AWS_REGION", "us-east-1"));
    }
}
