package locallambda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JvmLaunchTest {
    @Test
    void initStartNamesTheRuntimeWithALocalBuild() {
        assertEquals("java:21.local", JvmLaunch.runtimeVersion("java21"));
        assertEquals("java:17.local", JvmLaunch.runtimeVersion("java17"));
    }
}
