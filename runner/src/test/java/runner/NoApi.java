package runner;

import java.nio.file.Path;

/** An Api whose every operation fails the test: a fake overrides the ones its code under test may call. */
class NoApi implements Api {
    private static Reply unexpected() {
        throw new AssertionError("an operation the test did not expect");
    }

    @Override
    public Reply listFunctions() {
        return unexpected();
    }

    @Override
    public Reply getFunctionConfiguration(String function) {
        return unexpected();
    }

    @Override
    public Reply updateFunctionConfiguration(String function, Integer memoryMb, Path environment) {
        return unexpected();
    }

    @Override
    public Reply publishVersion(String function) {
        return unexpected();
    }

    @Override
    public Reply waitUpdated(String function) {
        return unexpected();
    }

    @Override
    public Reply waitActive(String function, String qualifier) {
        return unexpected();
    }

    @Override
    public Reply deleteVersion(String function, String qualifier) {
        return unexpected();
    }

    @Override
    public Reply putProvisionedConcurrency(String function, String qualifier, int environments) {
        return unexpected();
    }

    @Override
    public Reply getProvisionedConcurrency(String function, String qualifier) {
        return unexpected();
    }

    @Override
    public Reply deleteProvisionedConcurrency(String function, String qualifier) {
        return unexpected();
    }

    @Override
    public Reply invoke(String function, Path payload, String qualifier, boolean untimed, Path body) {
        return unexpected();
    }

    @Override
    public Reply filterLogEvents(String group, long startMs, String pattern) {
        return unexpected();
    }

    @Override
    public void stop() {}

    @Override
    public boolean stopped() {
        return false;
    }
}
