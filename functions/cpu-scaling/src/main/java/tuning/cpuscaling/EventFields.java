package tuning.cpuscaling;

import java.util.Map;

/** Reads optional whole-number fields of an event and rejects values out of range with a message naming the field. */
final class EventFields {
    private EventFields() {}

    static long longField(Map<String, Object> event, String name, long defaultValue, long min, long max) {
        Object raw = event == null ? null : event.get(name);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        if (raw instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            value = number.longValue();
        } else if (raw instanceof String text && text.matches("-?\\d{1,19}")) {
            value = Long.parseLong(text);
        } else {
            throw new IllegalArgumentException(
                    "'" + name + "' must be a whole number from " + min + " to " + max + ", got: " + raw);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + name + "' must be from " + min + " to " + max + ", got: " + value);
        }
        return value;
    }
}
