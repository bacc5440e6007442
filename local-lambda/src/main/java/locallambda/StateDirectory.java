package locallambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The state folder (build cache, runtime archive, native library, pid and log): the environments load code from it, so
 * it is created 0700, and an existing one that group or others can write is refused (anyone who can write there could
 * swap a jar or the JNI library the next environment loads).
 */
final class StateDirectory {
    private StateDirectory() {}

    static void prepare(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(dir); // not POSIX: no permission bits to set
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("state dir " + dir + " is not a folder");
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(dir);
        } catch (UnsupportedOperationException e) {
            return;
        }
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalArgumentException("state dir " + dir + " is writable by group or others ("
                    + PosixFilePermissions.toString(perms) + "): others could replace the code the environments load; "
                    + "run chmod go-w " + dir + " (or remove it: it is a cache)");
        }
    }
}
