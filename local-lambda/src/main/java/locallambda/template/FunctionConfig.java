package locallambda.template;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One Java function of the template, as resolved; the mutable part is changed by UpdateFunctionConfiguration. */
public final class FunctionConfig {
    public final String name; // logical id (as sam local)
    public final String runtime; // java21 | java25 | ...
    public final Path codeUri; // absolute folder
    public final String architecture; // x86_64 | arm64
    public final String logGroup;
    public final String logFormat; // Text | JSON
    public final boolean snapStart;
    public final String alias; // AutoPublishAlias or null
    public final String version; // $LATEST, or the number of a published version (a frozen copy of the configuration)
    public volatile String handler;
    public volatile int memoryMb;
    public volatile int timeoutSeconds;
    public volatile String description;
    public volatile Map<String, String> environment;
    public volatile int reservedConcurrency; // -1 = none
    public volatile String revisionId = UUID.randomUUID().toString();
    public volatile String lastModified =
            OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx"));
    /** Bumped on every configuration change: environments of an older generation are not reused. */
    public volatile int generation;

    FunctionConfig(
            String name,
            String runtime,
            String handler,
            Path codeUri,
            int memoryMb,
            int timeoutSeconds,
            String architecture,
            Map<String, String> environment,
            String logGroup,
            String logFormat,
            boolean snapStart,
            String alias,
            String description,
            int reservedConcurrency) {
        this.name = name;
        this.runtime = runtime;
        this.handler = handler;
        this.codeUri = codeUri;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        this.architecture = architecture;
        this.environment = new LinkedHashMap<>(environment);
        this.logGroup = logGroup;
        this.logFormat = logFormat;
        this.snapStart = snapStart;
        this.alias = alias;
        this.description = description == null ? "" : description;
        this.reservedConcurrency = reservedConcurrency;
        this.version = "$LATEST";
    }

    /** PublishVersion: the configuration as it is now, frozen under a version number, with environments of its own. */
    private FunctionConfig(FunctionConfig latest, String version) {
        this.name = latest.name;
        this.runtime = latest.runtime;
        this.handler = latest.handler;
        this.codeUri = latest.codeUri;
        this.memoryMb = latest.memoryMb;
        this.timeoutSeconds = latest.timeoutSeconds;
        this.architecture = latest.architecture;
        this.environment = new LinkedHashMap<>(latest.environment);
        this.logGroup = latest.logGroup;
        this.logFormat = latest.logFormat;
        this.snapStart = latest.snapStart;
        this.alias = latest.alias;
        this.description = latest.description;
        this.reservedConcurrency = latest.reservedConcurrency;
        this.version = version;
    }

    public FunctionConfig publish(int number) {
        return new FunctionConfig(this, Integer.toString(number));
    }

    /** The ARN with this configuration's qualifier ($LATEST stays unqualified, as Lambda returns it). */
    public String versionArn() {
        return version.equals("$LATEST") ? arn() : arn() + ":" + version;
    }

    String arn() {
        return Arns.function(name);
    }

    public synchronized void touch() {
        generation++;
        revisionId = UUID.randomUUID().toString();
        lastModified =
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx"));
    }
}
