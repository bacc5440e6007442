package report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Lambda prices from the one prices file (report/src/main/resources/report/prices.json), for one region. */
public record Prices(
        String region,
        double x86PerGbSecond,
        double armPerGbSecond,
        double requestPerMillion,
        String date,
        String source) {

    public static Prices load(String region) {
        try (InputStream in = Prices.class.getResourceAsStream("/report/prices.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            String chosen = region == null ? root.path("defaultRegion").asText() : region;
            JsonNode r = root.path("regions").path(chosen);
            if (r.isMissingNode()) {
                List<String> known = new ArrayList<>();
                root.path("regions").fieldNames().forEachRemaining(known::add);
                throw new IllegalArgumentException("no Lambda prices for region '" + chosen + "' (known: "
                        + String.join(", ", known) + "); add it to report/src/main/resources/report/prices.json");
            }
            return new Prices(
                    chosen,
                    r.path("x86_64").asDouble(),
                    r.path("arm64").asDouble(),
                    r.path("requestPerMillion").asDouble(),
                    root.path("date").asText(),
                    root.path("source").asText());
        } catch (IOException e) {
            throw new IllegalStateException("prices file unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Cost of one invocation in USD: billed time (which includes INIT on cold starts since Aug 2025, as the REPORT line
     * says) times memory times the GB-s price of the architecture, plus the request charge.
     */
    public double perInvocation(double billedMs, int memoryMb, String architecture) {
        double gbSeconds = (billedMs / 1000.0) * (memoryMb / 1024.0);
        double price = "arm64".equals(architecture) ? armPerGbSecond : x86PerGbSecond;
        return gbSeconds * price + requestPerMillion / 1_000_000.0;
    }
}
