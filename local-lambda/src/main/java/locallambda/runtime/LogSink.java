package locallambda.runtime;

/** Where a pump hands each log event of the child: its time (epoch ms) and its text. */
@FunctionalInterface
interface LogSink {
    void event(long epochMs, String message);
}
