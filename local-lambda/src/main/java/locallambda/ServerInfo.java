package locallambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import locallambda.common.Json;
import locallambda.logs.LogStore;
import locallambda.registry.FunctionRegistry;
import locallambda.runtime.Invoker;
import locallambda.runtime.ProvisionedPool;
import locallambda.runtime.RuntimeArchive;
import locallambda.sandbox.Cgroups;
import locallambda.sandbox.CpuKeeper;
import locallambda.sandbox.TmpIsolation;
import locallambda.template.Arns;

/**
 * What /_local/info serves: how this server models Lambda (CPU limit, init CPU, keeper, memory, /tmp, JDKs and their
 * archives), the host it runs on, its limits, its load now, and every warning printed at start. Runs record it in
 * run.json, so that a figure can be traced to the model that made it.
 */
final class ServerInfo {
    private final Options opt;
    private final Cgroups cgroups;
    private final CpuKeeper keeper;
    private final TmpIsolation tmp;
    private final Runtimes runtimes;
    private final FunctionRegistry registry;
    private final LogStore logs;
    private final Leases leases;
    private final Invoker invoker;
    private final List<String> warnings;

    ServerInfo(
            Options opt,
            Cgroups cgroups,
            CpuKeeper keeper,
            TmpIsolation tmp,
            Runtimes runtimes,
            FunctionRegistry registry,
            LogStore logs,
            Leases leases,
            Invoker invoker,
            List<String> warnings) {
        this.opt = opt;
        this.cgroups = cgroups;
        this.keeper = keeper;
        this.tmp = tmp;
        this.runtimes = runtimes;
        this.registry = registry;
        this.logs = logs;
        this.leases = leases;
        this.invoker = invoker;
        this.warnings = warnings; // a synchronized list: lazy builds add to it while the server serves
    }

    ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("cpuLimitMode", cgroups.cpuLimitMode());
        o.put("cpuLimit", cgroups.describe());
        // which init-phase model made this server's figures; "none" when nothing is throttled at all
        o.put("initCpuMode", cgroups.limitsCpu() ? opt.initCpu.label : "none");
        o.put("initCpu", opt.initCpu.describe());
        o.put("cpuPeriodMs", cgroups.targetPeriodMicros() / 1000.0);
        o.put("cpuKeeper", keeper.mode);
        o.put("memoryLimit", cgroups.describeMemory());
        o.put("tmp", tmp.describe());
        o.put("cpuModel", Host.cpuModel());
        o.put("cores", cgroups.hostCores());
        o.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        ObjectNode j = o.putObject("jdks");
        runtimes.jdks().forEach((rt, r) -> {
            ObjectNode x = j.putObject(rt);
            x.put("home", r.jdk() == null ? null : r.jdk().home().toString());
            x.put("version", r.jdk() == null ? null : r.jdk().version());
            x.put("exact", r.exact());
            RuntimeArchive.Result a =
                    r.jdk() == null ? null : runtimes.archives().get(r.jdk().home());
            x.put(
                    "runtimeArchive",
                    a == null || a.file() == null ? null : a.file().toString());
        });
        o.put(
                "nativeLibrary",
                runtimes.nativeLibrary() == null
                        ? null
                        : runtimes.nativeLibrary().toString());
        o.put("stackName", opt.stackName);
        o.put("region", Arns.REGION);
        o.put("maxEnvironments", opt.maxEnvironments);
        o.put("idleTimeoutSeconds", opt.idleTimeout);
        o.put("environments", invoker.environmentCount());
        var pc = o.putArray("provisionedConcurrency");
        for (ProvisionedPool.Snapshot a : invoker.provisioned().snapshots()) {
            pc.addObject()
                    .put("function", a.fn().name)
                    .put("qualifier", a.qualifier())
                    .put("requested", a.requested())
                    .put("allocated", a.allocated())
                    .put("status", a.status().name());
        }
        o.put("functions", registry.size());
        o.put("logStoreBytes", logs.storedBytes());
        o.set("leases", leases.describe());
        var w = o.putArray("warnings");
        synchronized (warnings) {
            warnings.forEach(w::add);
        }
        return o;
    }
}
