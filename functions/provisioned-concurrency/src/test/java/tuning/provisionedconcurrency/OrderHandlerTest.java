package tuning.provisionedconcurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderHandlerTest {
    /** The kit's event for this technique, events/provisioned-concurrency.json. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> kitEvent() throws Exception {
        return new ObjectMapper()
                .readValue(
                        Files.readString(Path.of(System.getProperty("kit.events.dir"), "provisioned-concurrency.json")),
                        Map.class);
    }

    @Test
    void theKitsEventIsPricedAndTheAnswerNamesTheEnvironment() throws Exception {
        Map<String, Object> event = kitEvent();
        Map<String, Object> out = new OrderHandler().handleRequest(event, null);
        assertEquals(event.get("items"), out.get("items"));
        assertEquals(
                OrderHandler.price(new ObjectMapper(), (Integer) event.get("items"), (Integer) event.get("rounds")),
                out.get("totalCents"));
        assertEquals(OrderHandler.jit(), out.get("jit"));
        assertEquals("us-east-1", out.get("s3Region"));
    }

    @Test
    void theTotalDependsOnEveryLine() {
        ObjectMapper m = new ObjectMapper();
        // one line: quantity 1 at 99 + (0 * 31 + round) cents
        assertEquals(99, OrderHandler.price(m, 1, 1));
        assertEquals(100, OrderHandler.price(m, 1, 2), "the last round's total");
        assertEquals(99 + 2 * 130, OrderHandler.price(m, 2, 1));
        assertNotEquals(OrderHandler.price(m, 50, 1), OrderHandler.price(m, 51, 1));
    }

    @Test
    void badFieldsAreNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new OrderHandler().handleRequest(Map.of("items", 0, "rounds", 1), null));
        assertEquals("'items' must be from 1 to 100000, got: 0", e.getMessage());
    }
}
