package locallambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import locallambda.sandbox.CpuShare;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void defaultsWithoutArguments() {
        Options o = Options.parse(new String[0]);
        assertEquals(Paths.get("template.yaml"), o.template);
        assertEquals(3001, o.port);
        assertEquals(10, o.maxEnvironments);
        assertEquals(CpuShare.InitCpu.ONE, o.initCpu);
        assertTrue(o.privateTmp && o.eagerBuild && o.cpuKeeper && o.runtimeArchive);
    }

    @Test
    void valuesAndFlagsInAnyOrder() {
        Options o = Options.parse(new String[] {
            "-p",
            "4000",
            "--no-cgroups",
            "--template",
            "t.yaml",
            "--max-environments",
            "3",
            "--idle-timeout",
            "60",
            "--init-cpu",
            "throttled",
            "--shared-tmp",
            "-n",
            "env.json",
            "--stack-name",
            "s",
            "--lazy-build"
        });
        assertEquals(4000, o.port);
        assertEquals(Paths.get("t.yaml"), o.template);
        assertEquals(3, o.maxEnvironments);
        assertEquals(60, o.idleTimeout);
        assertEquals(CpuShare.InitCpu.THROTTLED, o.initCpu);
        assertEquals(Paths.get("env.json"), o.envVars);
        assertEquals("s", o.stackName);
        assertTrue(o.noCgroups);
        assertFalse(o.privateTmp);
        assertFalse(o.eagerBuild);
    }

    @Test
    void aMissingValueOrAnUnknownOptionIsRefused() {
        var missing = assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--port"}));
        assertEquals("--port needs a value", missing.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--fast"}));
        assertTrue(unknown.getMessage().startsWith("unknown option --fast\n"), unknown.getMessage());
    }
}
