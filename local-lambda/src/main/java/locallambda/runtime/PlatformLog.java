package locallambda.runtime;

import locallambda.sandbox.InitType;

/**
 * The lines the platform writes into a function's log stream around its own output: INIT_START, INIT_REPORT, START,
 * END and REPORT, or their platform.* records in the JSON log format (LoggingConfig LogFormat). One implementation per
 * format; the environment asks for the lines and never looks at the format itself. Times are epoch milliseconds;
 * a null status means success.
 */
interface PlatformLog {
    /** The platform log of a function's LoggingConfig LogFormat: JSON, else text (Lambda's default). */
    static PlatformLog of(String logFormat) {
        return "JSON".equalsIgnoreCase(logFormat) ? JsonPlatformLog.INSTANCE : TextPlatformLog.INSTANCE;
    }

    /** The runtime starts (again, for an init retried in the invoke). */
    String initStart(long at, String runtimeVersion, String runtimeVersionArn);

    /** The same for an init of the given type (the JSON records name it; the text line does not). */
    default String initStart(long at, String runtimeVersion, String runtimeVersionArn, InitType initType) {
        return initStart(at, runtimeVersion, runtimeVersionArn);
    }

    /** An init ended other than at the first /next: phase "init" or "invoke", status "timeout" or "error". */
    String initReport(long at, double durationMs, String phase, String status, String errorType);

    String start(long at, String requestId, String version);

    String end(long at, String requestId, String status);

    /** The REPORT line (platform.report) of one invocation. */
    String report(long at, ReportFigures figures);
}
