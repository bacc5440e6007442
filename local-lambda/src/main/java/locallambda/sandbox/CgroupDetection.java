package locallambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the cpu and memory controllers the kit can use under the cgroup mount point and creates the kit's group in
 * each. cgroup v2 first, in the unified hierarchy at the mount point (pure v2) or below it in {@code unified} (hybrid),
 * for whichever of cpu and memory it has; then cgroup v1's own cpu and memory hierarchies for a controller still
 * missing. So one host can give CPU from one version and memory from the other.
 *
 * <p>Knows the layout of the mount point; what is inside a group is the versions' business ({@link CgroupVersion}).
 * Removes nothing: stale groups of dead servers are {@link Cgroups#removeStale()}'s job.
 */
public final class CgroupDetection {
    /** Where Linux mounts the cgroup hierarchies. */
    public static final Path MOUNT_POINT = Paths.get("/sys/fs/cgroup");

    private CgroupDetection() {}

    /**
     * The controllers under a mount point, each with the kit's group created in it.
     *
     * @param mountPoint {@link #MOUNT_POINT}, or a folder laid out like it (tests)
     * @param kitGroup the name of the kit's group in each hierarchy (local-lambda-&lt;pid&gt; for a server)
     */
    public static Cgroups detect(Path mountPoint, String kitGroup, int hostCores) {
        List<String> why = new ArrayList<>();
        CgroupVersion cpu = new NoCgroup();
        CgroupVersion memory = new NoCgroup();
        Path cpuRoot = null;
        Path memRoot = null;
        for (Path unified : List.of(mountPoint, mountPoint.resolve("unified"))) {
            Path controllers = unified.resolve("cgroup.controllers");
            if (!Files.isRegularFile(controllers)) {
                continue;
            }
            String ctl = CgroupFiles.read(controllers);
            Path group = unified.resolve(kitGroup);
            boolean hasCpu = ctl != null && (" " + ctl + " ").contains(" cpu ");
            boolean hasMem = ctl != null && (" " + ctl + " ").contains(" memory ");
            if (!hasCpu && !hasMem) {
                why.add(unified + " (cgroup v2) has no cpu/memory controller");
                continue;
            }
            try {
                Files.createDirectories(group);
                // v2 gives a group's children a controller only when the group enables it for its subtree: the
                // hierarchy's root for the kit group, the kit group for the environments' groups below it
                String enable = (hasCpu ? "+cpu " : "") + (hasMem ? "+memory" : "");
                CgroupFiles.write(unified.resolve("cgroup.subtree_control"), enable);
                CgroupFiles.write(group.resolve("cgroup.subtree_control"), enable);
                if (hasCpu) {
                    cpu = new CgroupV2();
                    cpuRoot = group;
                }
                if (hasMem) {
                    memory = new CgroupV2();
                    memRoot = group;
                }
            } catch (IOException e) {
                why.add("cannot create " + group + " (" + e.getMessage() + ")");
                try {
                    Files.deleteIfExists(group);
                } catch (IOException ignored) {
                    /* best effort */
                }
            }
            break;
        }
        if (cpuRoot == null) {
            Path v1 = mountPoint.resolve("cpu");
            if (Files.isRegularFile(v1.resolve(CgroupV1.CPU_QUOTA))) {
                cpuRoot = createV1Group(v1, kitGroup, why, ": run as root or give this user a delegated cgroup");
                cpu = cpuRoot != null ? new CgroupV1() : cpu;
            } else if (why.isEmpty()) {
                why.add("no cgroup cpu controller found (v2 cpu.max or v1 /sys/fs/cgroup/cpu)");
            }
        }
        Path memV1 = mountPoint.resolve("memory");
        if (memRoot == null && Files.isRegularFile(memV1.resolve(CgroupV1.MEMORY_LIMIT))) {
            memRoot = createV1Group(memV1, kitGroup, why, "");
            memory = memRoot != null ? new CgroupV1() : memory;
        }
        return new Cgroups(cpu, cpuRoot, memory, memRoot, why.isEmpty() ? null : String.join("; ", why), hostCores);
    }

    /** The kit's group under a cgroup v1 controller, created; null (and why) when it cannot be. */
    private static Path createV1Group(Path controller, String kitGroup, List<String> why, String hint) {
        Path group = controller.resolve(kitGroup);
        try {
            Files.createDirectories(group);
            return group;
        } catch (IOException e) {
            why.add("cannot create " + group + " (" + e.getMessage() + ")" + hint);
            return null;
        }
    }
}
