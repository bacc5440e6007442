package locallambda;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One server per state folder: the first thing a server does is lock {@code server.lock} there (the lock is the
 * kernel's and goes with the process, however it ends) and write its pid to {@code server.pid}; a second server
 * started on the same folder meanwhile (two runs starting at once) finds the lock taken and exits with
 * {@link #TAKEN}, and its starter uses the first one. The pid file is removed when the server stops, if it still names
 * this server.
 */
final class ServerLock {
    /** Exit status of a server whose state folder another server holds. */
    static final int TAKEN = 3;

    private final FileChannel channel;
    private final FileLock lock;
    private final Path pidFile;
    private final String pid;

    private ServerLock(FileChannel channel, FileLock lock, Path pidFile, String pid) {
        this.channel = channel;
        this.lock = lock;
        this.pidFile = pidFile;
        this.pid = pid;
    }

    /** Thrown by {@link Main#start} when another server holds the state folder. */
    static final class Taken extends IllegalStateException {
        Taken(Path stateDir) {
            super("another local Lambda runs or is starting with the state dir " + stateDir
                    + " (it holds server.lock): use that one, or stop it first");
        }
    }

    /** The lock of stateDir, or null when another server holds it. */
    static ServerLock take(Path stateDir) throws IOException {
        FileChannel ch =
                FileChannel.open(stateDir.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        if (l == null) {
            ch.close();
            return null;
        }
        String pid = Long.toString(ProcessHandle.current().pid());
        Path pidFile = stateDir.resolve("server.pid");
        Path tmp = stateDir.resolve("server.pid.tmp");
        Files.writeString(tmp, pid + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING);
        return new ServerLock(ch, l, pidFile, pid);
    }

    /** Removes the pid file when it still names this server, then lets the lock go. */
    void release() {
        try {
            if (Files.isRegularFile(pidFile)
                    && Files.readString(pidFile, StandardCharsets.UTF_8).trim().equals(pid)) {
                Files.delete(pidFile);
            }
        } catch (IOException e) {
            System.err.println("local-lambda: could not remove " + pidFile + ": " + e.getMessage());
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
