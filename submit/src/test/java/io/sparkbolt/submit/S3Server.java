package io.sparkbolt.submit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-protocol server for tests: {@code moto_server} (PyPI {@code moto[server]}, which
 * {@code .ci/run} installs) as a child process on 127.0.0.1, with one bucket, and the {@code
 * fs.s3a.*} settings that point Hadoop's S3A client at it. Started once per test class.
 */
final class S3Server implements AutoCloseable {
    static final String ACCESS_KEY = "sparkbolt-test-access";
    /** Planted: no output a run writes may contain it. */
    static final String SECRET_KEY = "PLANTED-S3-SECRET-moto";

    private final Process process;
    private final int port;
    private final String bucket;

    private S3Server(Process process, int port, String bucket) {
        this.process = process;
        this.port = port;
        this.bucket = bucket;
    }

    /** Starts the server and creates {@code bucket}; fails with what to install when moto is missing. */
    static S3Server start(String bucket, Path logDir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(logDir);
        Process process;
        try {
            process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(logDir.resolve("moto.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("the S3 tests need moto_server on the PATH: pip install 'moto[server]' (" + e.getMessage() + ")", e);
        }
        S3Server server = new S3Server(process, port, bucket);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/")).GET().build(), HttpResponse.BodyHandlers.discarding());
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("moto_server did not start: " + Files.readString(logDir.resolve("moto.log")));
                }
                Thread.sleep(200);
            }
        }
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/" + bucket))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() / 100 != 2) {
            server.close();
            throw new IllegalStateException("cannot create bucket " + bucket + ": " + created.statusCode() + " " + created.body());
        }
        return server;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code s3a://bucket/key}. */
    String uri(String key) {
        return "s3a://" + bucket + "/" + key;
    }

    /** The {@code fs.s3a.*} settings for this server (as {@code spark.hadoop.*} they reach Spark and Sparkbolt alike). */
    Map<String, String> hadoopSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fs.s3a.endpoint", endpoint());
        settings.put("fs.s3a.endpoint.region", "us-east-1");
        settings.put("fs.s3a.path.style.access", "true");
        settings.put("fs.s3a.connection.ssl.enabled", "false");
        settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        settings.put("fs.s3a.access.key", ACCESS_KEY);
        settings.put("fs.s3a.secret.key", SECRET_KEY);
        settings.put("fs.s3a.attempts.maximum", "2");
        settings.put("fs.s3a.retry.limit", "2");
        return settings;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
