package runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a run's calls. The functions one table compares (a techniques.json roundRobinGroup: several techniques
 * share one when a table divides one's cells by another's) are invoked round-robin, size after size, variant after
 * variant, one call each per round, so that a change of the host's speed hits them all alike. Groups run in the
 * talk's order (their first technique's place in techniques.json). A group is cut into chunks of at most
 * maxEnvironments functions, so every function keeps its warm environment between rounds (the local Lambda recycles
 * the least recently used idle one past --max-environments).
 */
final class Plan {
    /** One function of the run. */
    record Fn(String name, String technique, String variant, int memoryMB) {}

    /** One group: its functions in round-robin order, the cold rounds each gets and the warm calls after each. */
    record Group(String name, List<Fn> functions, int coldRounds, int warm) {
        List<List<Fn>> chunks(int maxEnvironments) {
            List<List<Fn>> out = new ArrayList<>();
            int size = Math.max(1, maxEnvironments);
            for (int i = 0; i < functions.size(); i += size) {
                out.add(functions.subList(i, Math.min(functions.size(), i + size)));
            }
            return out;
        }
    }

    final List<Group> groups;
    final int warm;

    private Plan(List<Group> groups, int warm) {
        this.groups = groups;
        this.warm = warm;
    }

    static Plan of(List<Fn> functions, Techniques kit, Map<String, Integer> coldByTechnique, int warm) {
        return of(functions, kit, coldByTechnique, Map.of(), warm);
    }

    /** warmByTechnique: a group's first technique's warm calls; warm for a technique it does not name. */
    static Plan of(
            List<Fn> functions,
            Techniques kit,
            Map<String, Integer> coldByTechnique,
            Map<String, Integer> warmByTechnique,
            int warm) {
        Comparator<Fn> order = Comparator.<Fn>comparingInt(
                        f -> kit.groupOrder(kit.get(f.technique()).roundRobinGroup()))
                .thenComparing(f -> kit.get(f.technique()).roundRobinGroup())
                .thenComparingInt(Fn::memoryMB)
                .thenComparing(Fn::technique)
                .thenComparing(Fn::variant);
        Map<String, List<Fn>> byGroup = new LinkedHashMap<>();
        for (Fn f : functions.stream().sorted(order).toList()) {
            byGroup.computeIfAbsent(kit.get(f.technique()).roundRobinGroup(), g -> new ArrayList<>())
                    .add(f);
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((name, fns) -> groups.add(
                new Group(
                        name,
                        List.copyOf(fns),
                        coldByTechnique.getOrDefault(fns.get(0).technique(), 0),
                        warmByTechnique.getOrDefault(fns.get(0).technique(), warm))));
        return new Plan(List.copyOf(groups), warm);
    }

    /** Calls in all: per function its cold starts with warm calls after each, or the warm calls alone. */
    int totalCalls() {
        int total = 0;
        for (Group g : groups) {
            for (Fn f : g.functions()) {
                total += g.coldRounds() > 0 ? g.coldRounds() * (1 + g.warm()) : g.warm();
            }
        }
        return total;
    }

    int functionCount() {
        return groups.stream().mapToInt(g -> g.functions().size()).sum();
    }
}
