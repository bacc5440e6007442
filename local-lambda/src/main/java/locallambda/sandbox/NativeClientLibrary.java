package locallambda.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The runtime interface client's JNI library, unpacked once for all environments.
 *
 * <p>At start the RIC copies its native library to the fixed path /tmp/.libaws-lambda-jni.so (replacing what is there)
 * and loads it, unless a system property names a library to load instead. On Lambda every sandbox has its own /tmp, so
 * that is harmless; here all environments share one /tmp, and two environments starting together overwrite the file
 * while the other maps it: the JVM dies with SIGBUS in the dynamic loader or "Failed to load the native runtime interface
 * client library" (seen when parallel invocations start environments together). So the library is unpacked once, into
 * the state folder, and every environment gets {@link #PROPERTY} pointing at it.
 */
public final class NativeClientLibrary {
    static final String PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private NativeClientLibrary() {}

    /** @return the unpacked library, or null when there is none for this platform (the RIC then tries itself) */
    public static Path unpack(Path runtimeDir, Path stateDir) throws IOException {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        String entryName = switch (arch) {
            case "amd64", "x86_64" -> "jni/libaws-lambda-jni.linux-x86_64.so";
            case "aarch64", "arm64" -> "jni/libaws-lambda-jni.linux-aarch_64.so";
            default -> null;
        };
        if (entryName == null) {
            return null;
        }
        Path jar;
        try (Stream<Path> s = Files.list(runtimeDir)) {
            jar = s.filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst()
                    .orElse(null);
        }
        if (jar == null) {
            return null;
        }
        Path dir = Files.createDirectories(stateDir.toAbsolutePath().resolve("jni"));
        Path lib = dir.resolve(jar.getFileName().toString().replace(".jar", "") + "-"
                + entryName.substring(entryName.indexOf('.') + 1));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(entryName);
            if (e == null) {
                return null;
            }
            // the same content as the jar's copy (CRC-32 as the zip records it), not just the same size: a library
            // swapped in the state folder would otherwise be loaded by every environment
            if (Files.isRegularFile(lib) && Files.size(lib) == e.getSize() && crc32(lib) == e.getCrc()) {
                return lib;
            }
            // write aside and rename: a JVM of an earlier server run may still map the old file
            Path tmp = dir.resolve(
                    lib.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return lib;
    }

    static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }
}
