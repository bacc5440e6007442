package runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static Plan.Fn fn(String technique, String variant, int mem) {
        return new Plan.Fn(technique + variant + mem, technique, variant, mem);
    }

    @Test
    void groupsInTheFilesOrderAndWithinThemSizeThenTechniqueThenVariant() {
        List<Plan.Fn> fns = List.of(
                fn("gamma", "default", 3008),
                fn("beta", "default", 3008),
                fn("gamma", "default", 128),
                fn("alpha", "Slow", 1024),
                fn("beta", "default", 128),
                fn("alpha", "Fast", 1024));
        Plan p = Plan.of(fns, Fixtures.techniques(), Map.of("alpha", 4, "beta", 1, "gamma", 1), 3);
        assertEquals(List.of("alpha", "beta+gamma"), p.groups.stream().map(Plan.Group::name).toList());
        assertEquals(
                List.of("alphaFast1024", "alphaSlow1024"),
                p.groups.get(0).functions().stream().map(Plan.Fn::name).toList());
        assertEquals(
                List.of("betadefault128", "gammadefault128", "betadefault3008", "gammadefault3008"),
                p.groups.get(1).functions().stream().map(Plan.Fn::name).toList());
        assertEquals(4, p.groups.get(0).coldRounds());
        assertEquals(1, p.groups.get(1).coldRounds());
        // alpha: 2 functions x 4 x (1 + 3); the group: 4 x 1 x (1 + 3)
        assertEquals(2 * 4 * 4 + 4 * 4, p.totalCalls());
        assertEquals(6, p.functionCount());
    }

    @Test
    void warmCallsOnlyWhenThereAreNoColdStarts() {
        Plan p = Plan.of(List.of(fn("beta", "d", 128), fn("gamma", "d", 128)), Fixtures.techniques(), Map.of(), 5);
        assertEquals(0, p.groups.get(0).coldRounds());
        assertEquals(10, p.totalCalls());
    }

    @Test
    void aGroupIsCutIntoChunksOfMaxEnvironments() {
        Plan p = Plan.of(
                List.of(fn("beta", "d", 128), fn("gamma", "d", 128), fn("beta", "d", 512), fn("gamma", "d", 512),
                        fn("beta", "d", 1024)),
                Fixtures.techniques(),
                Map.of("beta", 1),
                1);
        List<List<Plan.Fn>> chunks = p.groups.get(0).chunks(2);
        assertEquals(List.of(2, 2, 1), chunks.stream().map(List::size).toList());
        assertEquals(1, p.groups.get(0).chunks(1000).size());
        assertEquals(5, p.groups.get(0).chunks(0).size(), "at least one function per chunk");
    }
}
