package tuning.cpuscaling;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.file.Path;
import java.util.Map;

/** The kit's shared event of a technique (events/<technique>.json), as the runner and `sam local invoke` send it. */
final class KitEvents {
    private KitEvents() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String technique) {
        Path file = Path.of(System.getProperty("kit.events.dir"), technique + ".json");
        return EventLoader.loadEvent(file.toString(), Map.class);
    }
}
