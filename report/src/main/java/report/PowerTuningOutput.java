package report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A tuning run in AWS Lambda Power Tuning's output shape, so its visualiser and scripts that read its output keep
 * working: {power, cost, duration, stateMachine: {executionCost, lambdaCost, visualization}, stats: [{value,
 * averagePrice, averageDuration, totalCost}]}. The figures are the kit's, and differ from Power Tuning's on purpose:
 * averageDuration is the warm Duration p50 (Power Tuning: a trimmed mean of billed durations), averagePrice the mean cost
 * of a warm invocation from its Billed Duration at the architecture's GB-s price plus the request charge (Power Tuning
 * leaves the request charge out), lambdaCost what every invocation of the run cost, cold ones with their billed INIT
 * included, and executionCost 0 (no Step Functions).
 */
public final class PowerTuningOutput {
    static final String VISUALIZER = "https://lambda-power-tuning.show/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PowerTuningOutput() {}

    /** One memory size: Power Tuning's stats entry. */
    public record Stat(int value, double averagePrice, double averageDuration, double totalCost) {}

    /**
     * Power Tuning's strategies. cost: the cheapest (ties: the faster); speed: the fastest (ties: the cheaper); balanced:
     * the lowest weight × cost/maxCost + (1 − weight) × duration/maxDuration, weight 0 = speed, 1 = cost.
     */
    public static Stat pick(List<Stat> stats, String strategy, double weight) {
        if (stats.isEmpty()) {
            throw new IllegalArgumentException("no memory size without errors to pick from");
        }
        Comparator<Stat> byCost = Comparator.comparingDouble(Stat::averagePrice);
        Comparator<Stat> byDuration = Comparator.comparingDouble(Stat::averageDuration);
        return switch (strategy) {
            case "cost" -> stats.stream().min(byCost.thenComparing(byDuration)).get();
            case "speed" -> stats.stream().min(byDuration.thenComparing(byCost)).get();
            case "balanced" -> {
                double maxCost =
                        stats.stream().mapToDouble(Stat::averagePrice).max().getAsDouble();
                double maxDuration =
                        stats.stream().mapToDouble(Stat::averageDuration).max().getAsDouble();
                double w = Math.min(1, Math.max(0, weight));
                yield stats.stream()
                        .min(Comparator.comparingDouble((Stat s) ->
                                        w * s.averagePrice() / maxCost + (1 - w) * s.averageDuration() / maxDuration)
                                .thenComparing(byCost))
                        .get();
            }
            default -> throw new IllegalArgumentException("strategy must be cost, speed or balanced, got: " + strategy);
        };
    }

    /**
     * Power Tuning's visualiser link: the data lives in the URL's fragment (never sent to a server) as three base64
     * arrays separated by ';': memory sizes as little-endian int16, durations and costs as little-endian float32, sorted by
     * memory.
     */
    public static String visualization(List<Stat> stats) {
        List<Stat> sorted =
                stats.stream().sorted(Comparator.comparingInt(Stat::value)).toList();
        ByteBuffer sizes = ByteBuffer.allocate(2 * sorted.size()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer durations = ByteBuffer.allocate(4 * sorted.size()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer costs = ByteBuffer.allocate(4 * sorted.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (Stat s : sorted) {
            sizes.putShort((short) s.value());
            durations.putFloat((float) s.averageDuration());
            costs.putFloat((float) s.averagePrice());
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return VISUALIZER + "#" + b64.encodeToString(sizes.array()) + ";" + b64.encodeToString(durations.array()) + ";"
                + b64.encodeToString(costs.array());
    }

    /** The stats of the sizes whose warm cell has measurements and no error. */
    public static List<Stat> stats(List<Cell> cells, ToIntFunction<Cell> errors) {
        return cells.stream()
                .filter(c -> c.phase().equals("warm") && c.duration().count() > 0)
                .filter(c -> errors.applyAsInt(c) == 0
                        && cells.stream()
                                .noneMatch(o -> o.memoryMb() == c.memoryMb()
                                        && o.phase().equals("cold")
                                        && errors.applyAsInt(o) > 0))
                .sorted(Comparator.comparingInt(Cell::memoryMb))
                .map(c -> new Stat(
                        c.memoryMb(), c.costPerInvocation(), c.duration().p50(), totalCost(cells, c.memoryMb())))
                .toList();
    }

    /** What every measured invocation at one size cost, cold and warm. */
    static double totalCost(List<Cell> cells, int memoryMb) {
        return cells.stream()
                .filter(c -> c.memoryMb() == memoryMb && c.billed().count() > 0)
                .mapToDouble(c -> c.costPerInvocation() * c.billed().count())
                .sum();
    }

    public static ObjectNode of(List<Cell> cells, ToIntFunction<Cell> errors, String strategy, double weight) {
        List<Stat> stats = stats(cells, errors);
        Stat best = pick(stats, strategy, weight);
        ObjectNode out = JSON.createObjectNode();
        out.put("power", best.value());
        out.put("cost", best.averagePrice());
        out.put("duration", best.averageDuration());
        ObjectNode machine = out.putObject("stateMachine");
        machine.put("executionCost", 0.0);
        machine.put(
                "lambdaCost",
                cells.stream()
                        .filter(c -> c.billed().count() > 0)
                        .mapToDouble(c -> c.costPerInvocation() * c.billed().count())
                        .sum());
        machine.put("visualization", visualization(stats));
        ArrayNode array = out.putArray("stats");
        for (Stat s : stats) {
            array.addObject()
                    .put("value", s.value())
                    .put("averagePrice", s.averagePrice())
                    .put("averageDuration", s.averageDuration())
                    .put("totalCost", s.totalCost());
        }
        ObjectNode kit = out.putObject("kit");
        kit.put("strategy", strategy);
        kit.put("balancedWeight", weight);
        kit.put("averageDuration", "warm Duration p50 (ms, nearest rank)");
        kit.put(
                "averagePrice",
                "mean cost of a warm invocation (USD): Billed Duration x memory x the architecture's GB-s "
                        + "price + the request charge");
        kit.put("lambdaCost", "every invocation of the run, cold ones with their billed INIT");
        kit.put("executionCost", "0: no Step Functions state machine ran");
        ArrayNode left = kit.putArray("sizesLeftOut");
        cells.stream()
                .map(Cell::memoryMb)
                .distinct()
                .sorted()
                .filter(m -> stats.stream().noneMatch(s -> s.value() == m))
                .forEach(left::add);
        return out;
    }
}
