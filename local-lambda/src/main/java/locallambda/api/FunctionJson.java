package locallambda.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import locallambda.common.Json;
import locallambda.registry.ArtifactBuilder;
import locallambda.registry.FunctionRegistry;
import locallambda.template.Arns;
import locallambda.template.FunctionConfig;

/** A function's configuration as the Lambda API returns it (FunctionConfiguration, GetFunction). */
final class FunctionJson {
    private FunctionJson() {}

    /** GetFunction: the configuration, where the code is, tags and reserved concurrency. */
    static ObjectNode function(FunctionRegistry registry, FunctionConfig fn) {
        ObjectNode out = Json.object();
        out.set("Configuration", configuration(registry, fn));
        ObjectNode code = out.putObject("Code");
        code.put("RepositoryType", "S3");
        ArtifactBuilder.Artifact a = registry.artifact(fn);
        code.put(
                "Location", a == null ? "file://" + fn.codeUri : a.dir().toUri().toString());
        ObjectNode tags = out.putObject("Tags");
        tags.put("lambda:createdBy", "local-lambda");
        if (fn.reservedConcurrency >= 0) {
            out.putObject("Concurrency").put("ReservedConcurrentExecutions", fn.reservedConcurrency);
        }
        return out;
    }

    /** GetFunctionConfiguration (and every answer that carries one): the configuration in Lambda's shape. */
    static ObjectNode configuration(FunctionRegistry registry, FunctionConfig fn) {
        ObjectNode c = Json.object();
        c.put("FunctionName", fn.name);
        c.put("FunctionArn", fn.versionArn());
        c.put("Runtime", fn.runtime);
        c.put("Role", Arns.role(fn.name + "Role"));
        c.put("Handler", fn.handler);
        ArtifactBuilder.Artifact a = registry.artifact(fn);
        c.put("CodeSize", a == null ? 0 : a.codeSize());
        c.put("Description", fn.description);
        c.put("Timeout", fn.timeoutSeconds);
        c.put("MemorySize", fn.memoryMb);
        c.put("LastModified", fn.lastModified);
        c.put("CodeSha256", a == null ? "" : a.codeSha256());
        c.put("Version", fn.version);
        ObjectNode env = c.putObject("Environment").putObject("Variables");
        fn.environment.forEach(env::put);
        c.putObject("TracingConfig").put("Mode", "PassThrough");
        c.put("RevisionId", fn.revisionId);
        String buildError = registry.buildError(fn);
        if (buildError == null && a == null) {
            c.put("State", "Pending");
            c.put("StateReason", "The function is being built locally.");
            c.put("StateReasonCode", "Creating");
        } else if (buildError != null) {
            c.put("State", "Failed");
            c.put("StateReason", "local build failed");
            c.put("StateReasonCode", "InvalidCode");
        } else {
            c.put("State", "Active");
        }
        c.put("LastUpdateStatus", "Successful");
        c.put("PackageType", "Zip");
        c.putArray("Architectures").add(fn.architecture);
        c.putObject("EphemeralStorage").put("Size", 512);
        c.putObject("SnapStart")
                .put("ApplyOn", fn.snapStart ? "PublishedVersions" : "None")
                .put("OptimizationStatus", "Off");
        ObjectNode log = c.putObject("LoggingConfig");
        log.put("LogFormat", fn.logFormat);
        log.put("LogGroup", fn.logGroup);
        c.putObject("RuntimeVersionConfig").put("RuntimeVersionArn", Arns.runtimeVersion("local"));
        return c;
    }
}
