package tuning.provisionedconcurrency;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A realistic Java handler, the same for both variants: its init builds what a service keeps per execution environment
 * (an S3 client, a JSON mapper warmed on a sample order); every call prices an order of event.items lines as JSON
 * (build, serialise, parse back, total), event.rounds times. CPU work in compiled code: under the managed runtime's
 * on-demand default (TieredStopAtLevel=1) it stays in C1, under provisioned concurrency java25 compiles it with C2. The
 * answer says what the environment was started as (AWS_LAMBDA_INITIALIZATION_TYPE) and with which JIT.
 */
public final class OrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final int MAX_ITEMS = 100_000;
    static final int MAX_ROUNDS = 1_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final S3Client S3 = S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
            .build();
    private static final String JIT = jit();
    private static final long WARMED = price(MAPPER, 200, 1); // the init's JSON work: classes loaded, mapper warmed

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        int items = bounded(event, "items", MAX_ITEMS);
        int rounds = bounded(event, "rounds", MAX_ROUNDS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalCents", price(MAPPER, items, rounds));
        out.put("items", items);
        out.put("rounds", rounds);
        out.put("initializationType", System.getenv().getOrDefault("AWS_LAMBDA_INITIALIZATION_TYPE", "unknown"));
        out.put("jit", JIT);
        out.put("s3Region", S3.serviceClientConfiguration().region().id());
        out.put("warmedCents", WARMED);
        return out;
    }

    static int bounded(Map<String, Object> event, String field, int max) {
        Object value = event == null ? null : event.get(field);
        if (!(value instanceof Number number) || number.longValue() < 1 || number.longValue() > max) {
            throw new IllegalArgumentException("'" + field + "' must be from 1 to " + max + ", got: " + value);
        }
        return number.intValue();
    }

    /** Builds an order of n lines, serialises it, parses it back and totals it, rounds times; the last total. */
    static long price(ObjectMapper mapper, int n, int rounds) {
        long total = 0;
        for (int r = 0; r < rounds; r++) {
            ObjectNode order = mapper.createObjectNode();
            order.put("id", "order-" + r);
            ArrayNode lines = order.putArray("lines");
            for (int i = 0; i < n; i++) {
                lines.addObject()
                        .put("sku", "SKU-" + (i * 7919 % 100_000))
                        .put("quantity", 1 + i % 5)
                        .put("unitCents", 99 + (i * 31L + r) % 10_000);
            }
            try {
                JsonNode parsed = mapper.readTree(mapper.writeValueAsBytes(order));
                total = 0;
                for (JsonNode line : parsed.path("lines")) {
                    total += line.path("quantity").asLong()
                            * line.path("unitCents").asLong();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return total;
    }

    /** "C1" when the JVM stops at tier 1 (the on-demand default), else "C1+C2". */
    static String jit() {
        boolean c1 = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.equals("-XX:TieredStopAtLevel=1"));
        return c1 ? "C1" : "C1+C2";
    }
}
