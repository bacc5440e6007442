package locallambda.template;

import java.util.List;
import java.util.Map;

/**
 * A function's {@code ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: N}}, as SAM reads it: it applies to
 * the AutoPublishAlias, and SAM refuses it without one (here: a note, and no allocation).
 */
final class ProvisionedConcurrencySetting {
    private ProvisionedConcurrencySetting() {}

    /** N, or 0 when the function declares none (or declares one SAM would refuse: the note says why). */
    static int read(String id, Map<String, Object> props, String alias, List<String> notes) {
        Object config = props.get("ProvisionedConcurrencyConfig");
        if (config == null) {
            return 0;
        }
        Object n = Template.map(config).get("ProvisionedConcurrentExecutions");
        int count;
        try {
            count = n == null ? 0 : Integer.parseInt(String.valueOf(n).trim());
        } catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1) {
            notes.add("function " + id + ": ProvisionedConcurrencyConfig without a ProvisionedConcurrentExecutions of 1"
                    + " or more ignored");
            return 0;
        }
        if (alias == null) {
            notes.add("function " + id + ": ProvisionedConcurrencyConfig ignored: SAM needs AutoPublishAlias with it");
            return 0;
        }
        return count;
    }
}
