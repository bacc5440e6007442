package com.example.checkout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * POST /checkout with {"items":[{"sku","price","quantity"}], "repeat": N}: prices the basket (tax from TAX_RATE) and
 * answers with the lines and the total. "repeat" re-prices the basket N times (a stand-in for real work, so memory size
 * shows in Duration). A bad body gives 400; FAIL_AT_MEMORY_MB=<size> makes the function throw at that memory size (how
 * the tests get a failing cell).
 */
public class CheckoutHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String failAt = System.getenv("FAIL_AT_MEMORY_MB");
        if (failAt != null && failAt.equals(Integer.toString(context.getMemoryLimitInMB()))) {
            throw new IllegalStateException("simulated failure at " + failAt + " MB");
        }
        JsonNode body;
        try {
            body = JSON.readTree(event.getBody() == null ? "{}" : event.getBody());
        } catch (Exception e) {
            return response(400, JSON.createObjectNode().put("error", "body is not JSON"));
        }
        JsonNode items = body.path("items");
        if (!items.isArray() || items.isEmpty()) {
            return response(400, JSON.createObjectNode().put("error", "items must be a non-empty array"));
        }
        BigDecimal taxRate = new BigDecimal(System.getenv().getOrDefault("TAX_RATE", "0"));
        int repeat = Math.max(1, Math.min(body.path("repeat").asInt(1), 1_000_000));
        ObjectNode out = null;
        for (int r = 0; r < repeat; r++) {
            out = price(items, taxRate);
        }
        out.put("currency", System.getenv().getOrDefault("CURRENCY", "EUR"));
        out.put("path", event.getPath());
        return response(200, out);
    }

    private static ObjectNode price(JsonNode items, BigDecimal taxRate) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode lines = out.putArray("lines");
        BigDecimal net = BigDecimal.ZERO;
        for (JsonNode item : items) {
            BigDecimal price = new BigDecimal(item.path("price").asText("0"));
            BigDecimal amount =
                    price.multiply(BigDecimal.valueOf(item.path("quantity").asLong(1)));
            net = net.add(amount);
            lines.addObject()
                    .put("sku", item.path("sku").asText())
                    .put("amount", amount.setScale(2, RoundingMode.HALF_UP));
        }
        BigDecimal tax = net.multiply(taxRate).setScale(2, RoundingMode.HALF_UP);
        out.put("net", net.setScale(2, RoundingMode.HALF_UP));
        out.put("tax", tax);
        out.put("total", net.add(tax).setScale(2, RoundingMode.HALF_UP));
        return out;
    }

    private static APIGatewayProxyResponseEvent response(int status, ObjectNode body) {
        try {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(status)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
