package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Provisioned-concurrency rates from the prices file (its provisionedConcurrency block) for one region and
 * architecture: per GB-s an environment is allocated, and per GB-s of the calls it serves (in place of the on-demand
 * rate). Requests cost the same as on demand.
 */
record ProvisionedPrices(double allocatedPerGbSecond, double durationPerGbSecond, String date, String source) {
    /** The rates, or empty when the prices file records none for the region or architecture. */
    static Optional<ProvisionedPrices> load(String region, String architecture) {
        try (InputStream in = ProvisionedPrices.class.getResourceAsStream("/report/prices.json")) {
            JsonNode pc = new ObjectMapper().readTree(in).path("provisionedConcurrency");
            JsonNode r = pc.path("regions").path(region).path(architecture);
            if (!r.path("allocatedPerGbSecond").isNumber()
                    || !r.path("durationPerGbSecond").isNumber()) {
                return Optional.empty();
            }
            return Optional.of(new ProvisionedPrices(
                    r.path("allocatedPerGbSecond").asDouble(),
                    r.path("durationPerGbSecond").asDouble(),
                    pc.path("date").asText(),
                    pc.path("source").asText()));
        } catch (IOException e) {
            throw new IllegalStateException("prices file unreadable: " + e.getMessage(), e);
        }
    }
}
