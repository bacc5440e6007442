package tuning.sdk;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A local S3 for the tests: moto_server on a free loopback port, with one bucket. */
final class LocalS3 implements AutoCloseable {
    private final Process process;
    final String endpoint;

    private LocalS3(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static LocalS3 start(String bucket) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process;
        try {
            process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(Path.of("target", "moto.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("moto_server is not on PATH; install it with: pip install 'moto[server]'", e);
        }
        String endpoint = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest create = HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(create, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return new LocalS3(process, endpoint);
                }
                throw new IllegalStateException("moto_server refused CreateBucket: " + response.body());
            } catch (IOException notYetListening) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IllegalStateException("moto_server did not start on " + endpoint + " (see target/moto.log)");
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
