package locallambda;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import locallambda.sandbox.JdkResolver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The checks of scripts/doctor.sh that need the local Lambda's own view of the machine: which JDK each Lambda runtime
 * gets ({@link JdkResolver}, the resolver the server uses), whether environments can get CPU limits, whether the port is
 * free, and whether ~/.m2 holds what the kit's POMs name. One line per check on stdout, tab-separated: status (ok,
 * missing, warning), check name, detail, and what to do (may be empty).
 *
 * <p>It uses only the JDK and {@link JdkResolver}, so doctor.sh can compile the two files with javac when the jar is not
 * built yet (a fresh clone): {@code java -cp CLASSES locallambda.Doctor [--target local|aws] [--port N] [--root DIR]
 * [--m2 DIR]}.
 */
public final class Doctor {
    /** The template's default runtime (JavaRuntime's Default): the one the kit's runs use unless told otherwise. */
    static final String DEFAULT_RUNTIME = "java25";

    static final List<String> RUNTIMES = List.of("java21", "java25");

    record Check(String status, String name, String detail, String fix) {
        String line() {
            return String.join("\t", status, name, detail.replace('\t', ' '), fix.replace('\t', ' '));
        }
    }

    private Doctor() {}

    public static void main(String[] args) {
        String target = "local";
        int port = 3001;
        Path root = Paths.get(".");
        Path m2 = Paths.get(System.getProperty("user.home"), ".m2", "repository");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--target" -> target = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--root" -> root = Paths.get(args[i + 1]);
                case "--m2" -> m2 = Paths.get(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Check> checks = new ArrayList<>(jdks(new JdkResolver(), target.equals("local")));
        if (target.equals("local")) {
            checks.add(cgroups());
            checks.add(port(port));
        }
        checks.add(mavenCache(root, m2));
        checks.forEach(c -> System.out.println(c.line()));
    }

    /**
     * A JDK per Lambda runtime the template allows. Locally the default runtime's JDK is needed (its functions cannot
     * start without one); the other runtime's, and one that is only the nearest newer release, are warnings. On AWS
     * the functions run on Lambda's JDK: only a warning then.
     */
    static List<Check> jdks(JdkResolver resolver, boolean local) {
        List<Check> out = new ArrayList<>();
        for (String runtime : RUNTIMES) {
            JdkResolver.Resolution r = resolver.resolve(runtime);
            String name = "jdk " + runtime;
            String install = "apt-get install openjdk-" + r.wanted() + "-jdk-headless (or a Temurin " + r.wanted()
                    + " JDK), or set LOCAL_LAMBDA_JDK_" + r.wanted() + "=/path/to/jdk-" + r.wanted();
            if (r.jdk() == null) {
                boolean needed = local && runtime.equals(DEFAULT_RUNTIME);
                out.add(new Check(
                        needed ? "missing" : "warning",
                        name,
                        "no JDK " + r.wanted() + " or newer: the local Lambda cannot run " + runtime + " functions",
                        install));
            } else if (!r.exact()) {
                out.add(new Check(
                        "warning",
                        name,
                        "no JDK " + r.wanted() + "; runs on the nearest newer, JDK "
                                + r.jdk().version() + " at " + r.jdk().home() + " (timings differ from Lambda's "
                                + runtime + ")",
                        install));
            } else {
                out.add(new Check(
                        "ok",
                        name,
                        "JDK " + r.jdk().version() + " at " + r.jdk().home(),
                        ""));
            }
        }
        return out;
    }

    /**
     * Whether the local Lambda can give environments Lambda's CPU share, probed as {@code Cgroups.detect} looks (cgroup
     * v2 with the cpu controller first, then v1's cpu hierarchy), by creating and removing a group: detect itself also
     * removes stale groups and kills what runs in them, which a check must not do.
     */
    static Check cgroups() {
        String unthrottled = "the local Lambda runs unthrottled: durations do not scale with memory, so scale-up,"
                + " parallel and the 1769 MB vCPU step cannot be shown (run-experiments.sh says so in every table)";
        String fix = "run as root, or give this user a writable cgroup (v2 with the cpu controller delegated,"
                + " or v1 /sys/fs/cgroup/cpu)";
        List<String> why = new ArrayList<>();
        for (String u : List.of("/sys/fs/cgroup", "/sys/fs/cgroup/unified")) {
            Path root = Paths.get(u);
            Path controllers = root.resolve("cgroup.controllers");
            if (!Files.isRegularFile(controllers)) {
                continue;
            }
            String ctl;
            try {
                ctl = " " + Files.readString(controllers).trim() + " ";
            } catch (IOException e) {
                ctl = "";
            }
            if (!ctl.contains(" cpu ")) {
                why.add(u + " (cgroup v2) has no cpu controller");
                continue;
            }
            String err = probe(root);
            if (err == null && Files.isWritable(root.resolve("cgroup.subtree_control"))) {
                return new Check("ok", "cgroup cpu", "cgroup-v2 at " + u + " (Lambda's CPU share per memory size)", "");
            }
            why.add("cannot create a group in " + u + (err == null ? "" : " (" + err + ")"));
            break;
        }
        Path v1 = Paths.get("/sys/fs/cgroup/cpu");
        if (Files.isRegularFile(v1.resolve("cpu.cfs_quota_us"))) {
            String err = probe(v1);
            if (err == null) {
                return new Check(
                        "ok", "cgroup cpu", "cgroup-v1 at " + v1 + " (Lambda's CPU share per memory size)", "");
            }
            why.add("cannot create a group in " + v1 + " (" + err + ")");
        } else if (why.isEmpty()) {
            why.add("no cgroup cpu controller (v2 cpu or v1 /sys/fs/cgroup/cpu)");
        }
        return new Check("warning", "cgroup cpu", String.join("; ", why) + ": " + unthrottled, fix);
    }

    /** Creates and removes a group under a cgroup hierarchy; the error, or null when it worked. */
    private static String probe(Path hierarchy) {
        // not "local-lambda-<digits>": a group left by a crash here is not taken for a server's
        Path group = hierarchy.resolve(
                "local-lambda-doctor-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(group);
            Files.delete(group);
            return null;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The local Lambda's port: free, or held by a local Lambda (which runs reuse), is fine; anything else is not. */
    static Check port(int port) {
        String name = "port " + port;
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return new Check("ok", name, "free (LOCAL_LAMBDA_PORT overrides 3001)", "");
        } catch (IOException e) {
            // in use: by a local Lambda if it answers its info call
        }
        try {
            HttpResponse<String> r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_local/info"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return new Check("ok", name, "held by a running local Lambda (runs use it)", "");
            }
        } catch (IOException e) {
            // not HTTP, or not answering: another program
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Check(
                "missing",
                name,
                "in use by another program (not a local Lambda)",
                "stop it (ss -ltnp 'sport = :" + port
                        + "' names it) or pick another port: export LOCAL_LAMBDA_PORT=3002");
    }

    /**
     * Whether an offline build would find what the kit's POMs name in the local repository: every plugin, dependency
     * and imported BOM of every module, with its version resolved from the POM's (and its parent's) properties and
     * managed versions. Transitive dependencies are not followed (that is Maven's resolution, and takes it tens of
     * seconds): a build that fetched a direct artifact fetched its dependencies with it, so what is missing after an
     * interrupted or never-run first build shows up here.
     */
    static Check mavenCache(Path root, Path repo) {
        String fix = "run one build online: mvn -B install -DskipTests (about 500 MB into " + repo + ")";
        if (!Files.isDirectory(repo)) {
            return new Check(
                    "warning", "maven cache", repo + " does not exist: the first build downloads everything", fix);
        }
        Set<String> missing = new LinkedHashSet<>();
        int checked;
        try {
            List<Artifact> artifacts = artifacts(root.resolve("pom.xml"));
            checked = artifacts.size();
            for (Artifact a : artifacts) {
                if (!a.presentIn(repo)) {
                    missing.add(a.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Check("warning", "maven cache", "could not read the kit's POMs: " + e.getMessage(), fix);
        }
        if (missing.isEmpty()) {
            return new Check(
                    "ok",
                    "maven cache",
                    repo + " has the " + checked
                            + " plugins and dependencies the kit's POMs name (offline builds work)",
                    "");
        }
        List<String> shown = new ArrayList<>(missing).subList(0, Math.min(3, missing.size()));
        return new Check(
                "warning",
                "maven cache",
                missing.size() + " of " + checked + " artifacts not in " + repo + " (e.g. " + String.join(", ", shown)
                        + "): the first build downloads them (needs the network)",
                fix);
    }

    record Artifact(String groupId, String artifactId, String version, String type) {
        /** The file Maven resolves, or (version managed by an imported BOM, unknown here) any version of it. */
        boolean presentIn(Path repo) {
            Path dir = repo.resolve(groupId.replace('.', '/')).resolve(artifactId);
            if (version == null) {
                return Files.isDirectory(dir);
            }
            String ext = type.equals("pom") ? "pom" : "jar";
            return Files.isRegularFile(dir.resolve(version).resolve(artifactId + "-" + version + "." + ext));
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + (version == null ? "" : ":" + version);
        }
    }

    /** A POM read: its properties and managed versions (with those of its parent in the tree). */
    private record Pom(Element project, Map<String, String> props, Map<String, String> managed) {}

    /** What the POM at pomFile and its modules name, the kit's own modules left out (the build makes them). */
    static List<Artifact> artifacts(Path pomFile) throws IOException {
        Map<String, Artifact> out = new LinkedHashMap<>();
        collect(pomFile, null, out);
        return new ArrayList<>(out.values());
    }

    private static void collect(Path pomFile, Pom parent, Map<String, Artifact> out) throws IOException {
        Pom pom = read(pomFile, parent);
        Element project = pom.project();
        for (Element dep : all(child(child(project, "dependencyManagement"), "dependencies"), "dependency")) {
            if ("import".equals(text(dep, "scope"))) {
                add(out, pom, dep, "pom");
            }
        }
        for (Element dep : all(child(project, "dependencies"), "dependency")) {
            add(out, pom, dep, text(dep, "type") == null ? "jar" : text(dep, "type"));
        }
        Element build = child(project, "build");
        List<Element> plugins = new ArrayList<>(all(child(build, "plugins"), "plugin"));
        plugins.addAll(all(child(child(build, "pluginManagement"), "plugins"), "plugin"));
        for (Element plugin : plugins) {
            add(out, pom, plugin, "jar");
            for (Element dep : all(child(plugin, "dependencies"), "dependency")) {
                add(out, pom, dep, "jar");
            }
        }
        for (Element module : all(child(project, "modules"), "module")) {
            Path child = pomFile.resolveSibling(module.getTextContent().trim()).resolve("pom.xml");
            if (Files.isRegularFile(child)) {
                // this POM is its parent only when it names one: the function modules have none (sam build builds
                // them alone) and carry their own versions
                boolean inherits = child(read(child, null).project(), "parent") != null;
                collect(child, inherits ? pom : null, out);
            }
        }
    }

    private static void add(Map<String, Artifact> out, Pom pom, Element e, String type) {
        String group = resolve(pom, text(e, "groupId"));
        if (group == null) {
            group = "org.apache.maven.plugins";
        }
        String artifact = resolve(pom, text(e, "artifactId"));
        if (artifact == null || group.startsWith("kit.lambdatuning") || "system".equals(text(e, "scope"))) {
            return;
        }
        String version = resolve(pom, text(e, "version"));
        if (version == null) {
            version = pom.managed().get(group + ":" + artifact);
        }
        if (version != null && version.contains("${")) {
            version = null;
        }
        Artifact a = new Artifact(group, artifact, version, type);
        out.putIfAbsent(a.toString() + ":" + type, a);
    }

    private static Pom read(Path pomFile, Pom parent) throws IOException {
        Element project;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document d = f.newDocumentBuilder().parse(pomFile.toFile());
            project = d.getDocumentElement();
        } catch (Exception e) {
            throw new IOException(pomFile + ": " + e.getMessage(), e);
        }
        Map<String, String> props = new LinkedHashMap<>(parent == null ? Map.of() : parent.props());
        Map<String, String> managed = new LinkedHashMap<>(parent == null ? Map.of() : parent.managed());
        String version = text(project, "version");
        if (version == null) {
            version = text(child(project, "parent"), "version");
        }
        if (version != null) {
            props.put("project.version", version);
        }
        Element properties = child(project, "properties");
        if (properties != null) {
            for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element p) {
                    props.put(p.getTagName(), p.getTextContent().trim());
                }
            }
        }
        Pom pom = new Pom(project, props, managed);
        Element build = child(project, "build");
        List<Element> declared =
                new ArrayList<>(all(child(child(project, "dependencyManagement"), "dependencies"), "dependency"));
        declared.addAll(all(child(child(build, "pluginManagement"), "plugins"), "plugin"));
        for (Element e : declared) {
            String group = text(e, "groupId") == null ? "org.apache.maven.plugins" : text(e, "groupId");
            String v = resolve(pom, text(e, "version"));
            if (v != null) {
                managed.put(resolve(pom, group) + ":" + resolve(pom, text(e, "artifactId")), v);
            }
        }
        return pom;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private static String resolve(Pom pom, String value) {
        if (value == null) {
            return null;
        }
        String v = value;
        // a few rounds: properties may name properties
        for (int round = 0; round < 5 && v.contains("${"); round++) {
            Matcher m = PLACEHOLDER.matcher(v);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String replacement = pom.props().getOrDefault(m.group(1), m.group());
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(sb);
            v = sb.toString();
        }
        return v;
    }

    private static Element child(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> all(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? null : e.getTextContent().trim();
    }
}
