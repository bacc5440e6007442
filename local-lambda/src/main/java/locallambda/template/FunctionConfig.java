package locallambda.template;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One Java function of the template, as resolved: an immutable value. UpdateFunctionConfiguration makes an updated
 * copy ({@link #updated}) that replaces $LATEST in the registry, PublishVersion a frozen one ({@link #published}); an
 * execution environment keeps the configuration it was started with, so a configuration never changes under a running
 * JVM. Every field is final and the environment map unmodifiable: a configuration may be handed to any thread.
 */
public final class FunctionConfig {
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    public final String name; // logical id (as sam local)
    public final String runtime; // java21 | java25 | ...
    public final Path codeUri; // absolute folder
    public final String architecture; // x86_64 | arm64
    public final String logGroup;
    public final String logFormat; // Text | JSON
    public final boolean snapStart;
    public final String alias; // AutoPublishAlias or null
    public final int reservedConcurrency; // -1 = none
    // the template's ProvisionedConcurrencyConfig (on the AutoPublishAlias), 0 = none; the API may allocate more
    public final int provisionedConcurrency;
    public final String version; // $LATEST, or the number of a published version (a frozen copy of the configuration)
    // what UpdateFunctionConfiguration changes
    public final String handler;
    public final int memoryMb;
    public final int timeoutSeconds;
    public final String description;
    public final Map<String, String> environment; // unmodifiable, in the template's (or the update's) order
    // what every change renews
    public final String revisionId;
    public final String lastModified;
    /** Updates of $LATEST so far (0 from the template; published copies start at 0 too). */
    public final int generation;

    private FunctionConfig(Builder b) {
        this.name = b.name;
        this.runtime = b.runtime;
        this.codeUri = b.codeUri;
        this.architecture = b.architecture;
        this.logGroup = b.logGroup;
        this.logFormat = b.logFormat;
        this.snapStart = b.snapStart;
        this.alias = b.alias;
        this.reservedConcurrency = b.reservedConcurrency;
        this.provisionedConcurrency = b.provisionedConcurrency;
        this.version = b.version;
        this.handler = b.handler;
        this.memoryMb = b.memoryMb;
        this.timeoutSeconds = b.timeoutSeconds;
        this.description = b.description == null ? "" : b.description;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.revisionId = UUID.randomUUID().toString();
        this.lastModified = OffsetDateTime.now(ZoneOffset.UTC).format(LAST_MODIFIED);
        this.generation = b.generation;
    }

    /** What UpdateFunctionConfiguration asks to change: null leaves a setting as it is. */
    public record Change(
            Integer memoryMb,
            Integer timeoutSeconds,
            String handler,
            String description,
            Map<String, String> environment) {}

    /**
     * UpdateFunctionConfiguration: a copy with the change applied, the next generation, a new RevisionId and
     * LastModified. Environments of this configuration are then not reused (the next invocation is cold).
     */
    public FunctionConfig updated(Change change) {
        Builder b = toBuilder();
        if (change.memoryMb() != null) {
            b.memoryMb = change.memoryMb();
        }
        if (change.timeoutSeconds() != null) {
            b.timeoutSeconds = change.timeoutSeconds();
        }
        if (change.handler() != null) {
            b.handler = change.handler();
        }
        if (change.description() != null) {
            b.description = change.description();
        }
        if (change.environment() != null) {
            b.environment = change.environment();
        }
        b.generation = generation + 1;
        return b.build();
    }

    /** PublishVersion: this configuration frozen under a version number, with environments of its own. */
    public FunctionConfig published(int number) {
        Builder b = toBuilder();
        b.version = Integer.toString(number);
        b.generation = 0;
        return b.build();
    }

    /**
     * The same function and qualifier ($LATEST or one version number), whatever its generation: the unit that reserved
     * concurrency counts busy environments in.
     */
    public boolean sameVersionAs(FunctionConfig other) {
        return name.equals(other.name) && version.equals(other.version);
    }

    /** The ARN with this configuration's qualifier ($LATEST stays unqualified, as Lambda returns it). */
    public String versionArn() {
        return version.equals("$LATEST") ? arn() : arn() + ":" + version;
    }

    String arn() {
        return Arns.function(name);
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    private Builder toBuilder() {
        Builder b = new Builder(name);
        b.runtime = runtime;
        b.codeUri = codeUri;
        b.architecture = architecture;
        b.logGroup = logGroup;
        b.logFormat = logFormat;
        b.snapStart = snapStart;
        b.alias = alias;
        b.reservedConcurrency = reservedConcurrency;
        b.provisionedConcurrency = provisionedConcurrency;
        b.version = version;
        b.handler = handler;
        b.memoryMb = memoryMb;
        b.timeoutSeconds = timeoutSeconds;
        b.description = description;
        b.environment = environment;
        b.generation = generation;
        return b;
    }

    /** The template's settings by name (Template fills it); the defaults are Lambda's. */
    static final class Builder {
        private final String name;
        String runtime;
        Path codeUri;
        String architecture = "x86_64";
        String logGroup;
        String logFormat = "Text";
        boolean snapStart;
        String alias;
        int reservedConcurrency = -1;
        int provisionedConcurrency;
        String version = "$LATEST";
        String handler = "";
        int memoryMb = 128;
        int timeoutSeconds = 3;
        String description = "";
        Map<String, String> environment = Map.of();
        int generation;

        private Builder(String name) {
            this.name = name;
            this.logGroup = "/aws/lambda/" + name;
        }

        FunctionConfig build() {
            return new FunctionConfig(this);
        }
    }
}
