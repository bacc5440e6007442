package locallambda.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import locallambda.common.Bounds;
import locallambda.template.FunctionConfig;

/**
 * What the local Lambda serves: the template's functions ($LATEST), their published versions and the artifacts their
 * code was built into (or why a build failed), keyed by CodeUri since functions may share one.
 *
 * <p>Published versions: each a frozen copy of the configuration at PublishVersion time, with execution environments of
 * its own (Version in START, AWS_LAMBDA_FUNCTION_VERSION and the "[N]" log streams), as on Lambda. The code is the
 * template's (there is no other). AutoPublishAlias points its alias at version 1, published from the template's
 * configuration.
 *
 * <p>Configurations are immutable: UpdateFunctionConfiguration replaces a function's $LATEST entry with an updated copy,
 * and whoever read the entry before keeps the configuration it read (an environment keeps the one it was started with).
 *
 * <p>Threads: functions are registered by the main thread before the APIs serve (the servers' threads are started after,
 * which publishes the map), and the set of names never changes after; each name's current $LATEST is an AtomicReference,
 * so a request thread reading it sees the latest replacement, and since a configuration's fields are final it sees that
 * copy complete. Versions, artifacts and build errors change under the API and io threads (concurrent maps; publishing
 * is serialized per function).
 */
public final class FunctionRegistry {
    private final Map<String, AtomicReference<FunctionConfig>> functions = new LinkedHashMap<>();
    private final Map<String, ArtifactBuilder.Artifact> artifacts = new ConcurrentHashMap<>();
    private final Map<String, String> buildErrors = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Integer, FunctionConfig>> versions = new ConcurrentHashMap<>();

    public void register(FunctionConfig fn) {
        functions.put(fn.name, new AtomicReference<>(fn));
    }

    /** $LATEST of the function as it is now, or null. */
    public FunctionConfig function(String name) {
        AtomicReference<FunctionConfig> latest = functions.get(name);
        return latest == null ? null : latest.get();
    }

    /** The functions ($LATEST as it is now) in the template's order. */
    public List<FunctionConfig> functions() {
        return functions.values().stream().map(AtomicReference::get).toList();
    }

    /** What an update replaced: the configuration before and the one now served. */
    public record Update(FunctionConfig before, FunctionConfig after) {}

    /**
     * UpdateFunctionConfiguration: $LATEST replaced by an updated copy. Concurrent updates of one function both apply,
     * one after the other (the change is re-applied to the newer copy when another update won the race).
     */
    public Update update(String name, FunctionConfig.Change change) {
        AtomicReference<FunctionConfig> latest = functions.get(name);
        while (true) {
            FunctionConfig before = latest.get();
            FunctionConfig after = before.updated(change);
            if (latest.compareAndSet(before, after)) {
                return new Update(before, after);
            }
        }
    }

    /**
     * Whether fn is what its qualifier serves now: false once $LATEST was updated past it or its version was deleted.
     * An environment of a configuration no longer served is not reused.
     */
    public boolean isCurrent(FunctionConfig fn) {
        if (fn.version.equals("$LATEST")) {
            return function(fn.name) == fn;
        }
        ConcurrentSkipListMap<Integer, FunctionConfig> published = versions.get(fn.name);
        return published != null && published.get(Integer.parseInt(fn.version)) == fn;
    }

    public List<String> names() {
        return new ArrayList<>(functions.keySet());
    }

    public int size() {
        return functions.size();
    }

    /** The configuration a qualifier names ($LATEST, the alias, a version number), or null when there is none. */
    public FunctionConfig target(FunctionConfig fn, String qualifier) {
        if (qualifier == null || qualifier.equals("$LATEST")) {
            return fn;
        }
        if (qualifier.equals(fn.alias)) {
            return versionsOf(fn).get(1);
        }
        int v = versionNumber(qualifier);
        return v < 0 ? null : versionsOf(fn).get(v);
    }

    /**
     * PublishVersion: $LATEST as it is now (fn names the function) frozen under the next number; null when the function
     * has Bounds.MAX_VERSIONS already.
     */
    public FunctionConfig publish(FunctionConfig fn) {
        ConcurrentSkipListMap<Integer, FunctionConfig> published = versionsOf(fn);
        synchronized (published) {
            if (published.size() >= Bounds.MAX_VERSIONS) {
                return null;
            }
            int number = published.isEmpty() ? 1 : published.lastKey() + 1;
            FunctionConfig v = function(fn.name).published(number);
            published.put(number, v);
            return v;
        }
    }

    /** Removes a published version; returns it (its environments must go too), or null when there was none. */
    public FunctionConfig deleteVersion(FunctionConfig fn, String qualifier) {
        return versionsOf(fn).remove(versionNumber(qualifier));
    }

    /** The artifact fn's code was built into, or null (not built yet, or the build failed). */
    public ArtifactBuilder.Artifact artifact(FunctionConfig fn) {
        return artifacts.get(fn.codeUri.toString());
    }

    /** Why fn's code could not be built, or null. */
    public String buildError(FunctionConfig fn) {
        return buildErrors.get(fn.codeUri.toString());
    }

    public void built(FunctionConfig fn, ArtifactBuilder.Artifact artifact) {
        artifacts.put(fn.codeUri.toString(), artifact);
    }

    public void buildFailed(FunctionConfig fn, String why) {
        buildErrors.put(fn.codeUri.toString(), why);
    }

    /** A qualifier that is a version number (1 to 2^31-1, no sign or leading zero), else -1. */
    public static int versionNumber(String q) {
        if (q == null || !q.matches("[1-9][0-9]{0,9}")) {
            return -1;
        }
        long v = Long.parseLong(q);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private ConcurrentSkipListMap<Integer, FunctionConfig> versionsOf(FunctionConfig fn) {
        return versions.computeIfAbsent(fn.name, k -> {
            ConcurrentSkipListMap<Integer, FunctionConfig> map = new ConcurrentSkipListMap<>();
            if (fn.alias != null) {
                map.put(1, fn.published(1));
            }
            return map;
        });
    }
}
