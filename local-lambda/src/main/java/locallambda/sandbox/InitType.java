package locallambda.sandbox;

/**
 * How an execution environment's init came about, as AWS_LAMBDA_INITIALIZATION_TYPE names it. An on-demand init runs
 * because a call found no warm environment (boosted CPU, Init Duration on that call's REPORT); a provisioned-concurrency
 * init runs at allocation, before any call (the memory share only, no Init Duration on any call, and on java25 the JVM's
 * full tiered compilation, as under SnapStart).
 */
public enum InitType {
    ON_DEMAND("on-demand"),
    PROVISIONED("provisioned-concurrency");

    /** The value of AWS_LAMBDA_INITIALIZATION_TYPE. */
    public final String label;

    InitType(String label) {
        this.label = label;
    }

    /** Whether the init ran ahead of every call (no call waits for it, none reports it). */
    public boolean ahead() {
        return this == PROVISIONED;
    }
}
