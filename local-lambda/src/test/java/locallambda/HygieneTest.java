package locallambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import locallambda.runtime.RuntimePeer;
import locallambda.sandbox.NativeClientLibrary;
import org.junit.jupiter.api.Test;

/** The state folder's permissions and the Runtime API's peer check. */
class HygieneTest {
    @Test
    void stateDirIsCreated0700AndAWritableOneIsRefused() throws Exception {
        Path base = Files.createDirectories(Paths.get("target/hygiene"));
        Path fresh = base.resolve("fresh-" + System.nanoTime());
        StateDirectory.prepare(fresh);
        assertTrue(Files.isDirectory(fresh));
        assertTrue(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))
                .equals("rwx------"));
        Path open = base.resolve("open-" + System.nanoTime());
        Files.createDirectory(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThrows(IllegalArgumentException.class, () -> StateDirectory.prepare(open));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        StateDirectory.prepare(open); // readable by others is fine, writable is not
    }

    @Test
    void runtimeApiPeerMustBeTheEnvironmentsJvm() throws Exception {
        assumeTrue(RuntimePeer.available(), "no /proc");
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            InetSocketAddress peer = (InetSocketAddress) accepted.getRemoteSocketAddress();
            long self = ProcessHandle.current().pid();
            // the client end is this JVM's: accepted for this pid, refused for another process (pid 1, or a child)
            assertTrue(new RuntimePeer().accepts(self, peer, server.getLocalPort()));
            assertFalse(new RuntimePeer().accepts(1, peer, server.getLocalPort()));
            Process other = new ProcessBuilder("sleep", "5").start();
            try {
                assertFalse(new RuntimePeer().accepts(other.pid(), peer, server.getLocalPort()));
            } finally {
                other.destroyForcibly();
            }
            assertFalse(new RuntimePeer().accepts(0, peer, server.getLocalPort()), "no runtime yet: nobody");
            assertTrue(client.isConnected());
        }
    }

    @Test
    void nativeLibraryOfTheSameSizeButOtherContentIsReplaced() throws Exception {
        Path runtime = Paths.get(System.getProperty("locallambda.runtimeDir", "target/runtime"));
        assumeTrue(Files.isDirectory(runtime), "no target/runtime");
        Path state = Files.createDirectories(Paths.get("target/hygiene/jni-state-" + System.nanoTime()));
        Path lib = NativeClientLibrary.unpack(runtime, state);
        assumeTrue(lib != null, "no native library for this platform");
        byte[] good = Files.readAllBytes(lib);
        byte[] evil = good.clone();
        evil[evil.length / 2] ^= 0x5a;
        Files.write(lib, evil);
        assertTrue(Arrays.equals(good, Files.readAllBytes(NativeClientLibrary.unpack(runtime, state))));
    }
}
