package io.sparkbolt.mlflow;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.mlflow.tracking.MlflowClient;

/**
 * Puts a file into a run's artifacts, by the run's artifact URI: {@code mlflow-artifacts:} (a
 * server that proxies its artifact store, the default of {@code mlflow server}) through the
 * server's artifact REST API; a store Hadoop reaches ({@code file:}, {@code hdfs:}, {@code s3:}
 * read as {@code s3a:}) by a Hadoop copy; anything else (Databricks' {@code dbfs:}, Azure, GCS)
 * through the Java client's {@code logArtifact}, which hands it to the {@code mlflow} command line.
 */
final class ArtifactUpload {
    private static final String PROXY_SCHEME = "mlflow-artifacts:";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private final MlflowClient client;
    private final String trackingUri;

    ArtifactUpload(MlflowClient client, String trackingUri) {
        this.client = client;
        this.trackingUri = trackingUri;
    }

    /** Copies {@code source} (a path or Hadoop URI) to {@code artifactPath} (e.g. {@code checkpoints/last.ckpt}) of the run. */
    void upload(String runId, String artifactUri, String artifactPath, Path source) {
        try {
            if (artifactUri.startsWith(PROXY_SCHEME)) {
                putThroughServer(artifactUri, artifactPath, source);
            } else if (hadoopReaches(artifactUri)) {
                Path target = new Path(artifactUri.replaceFirst("^s3:", "s3a:") + "/" + artifactPath);
                FileUtil.copy(Storage.fileSystem(source), source, Storage.fileSystem(target), target, false, true, Storage.configuration());
            } else {
                File local = localCopy(source);
                String dir = artifactPath.contains("/") ? artifactPath.substring(0, artifactPath.lastIndexOf('/')) : null;
                client.logArtifact(runId, local, dir);
            }
        } catch (IOException | RuntimeException e) {
            throw new SparkboltException("MLFlowLogger: cannot upload " + source + " as artifact " + artifactPath + " of run " + runId
                    + " (" + artifactUri + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkboltException("MLFlowLogger: interrupted while uploading " + artifactPath, e);
        }
    }

    /** Writes {@code text} as artifact {@code artifactPath}. */
    void uploadText(String runId, String artifactUri, String artifactPath, String text) {
        try {
            java.nio.file.Path dir = Files.createTempDirectory("sparkbolt-artifact-");
            java.nio.file.Path file = dir.resolve(new File(artifactPath).getName()); // the artifact keeps its name
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
                upload(runId, artifactUri, artifactPath, new Path(file.toUri()));
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new SparkboltException("MLFlowLogger: cannot stage artifact " + artifactPath + ": " + e.getMessage(), e);
        }
    }

    private static boolean hadoopReaches(String uri) {
        return uri.startsWith("file:") || uri.startsWith("hdfs:") || uri.startsWith("s3a:") || uri.startsWith("s3:") || uri.startsWith("/");
    }

    /** {@code PUT <tracking>/api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<path>}, the file as the body. */
    private void putThroughServer(String artifactUri, String artifactPath, Path source) throws IOException, InterruptedException {
        String location = artifactUri.substring(PROXY_SCHEME.length()).replaceFirst("^//[^/]*", "").replaceFirst("^/+", "");
        URI target = URI.create(trackingUri.replaceFirst("/+$", "") + "/api/2.0/mlflow-artifacts/artifacts/" + location + "/" + artifactPath);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> Storage.open(source)));
        authorize(request);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the server answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The credentials MLflow's clients read from the environment: a token, or a user name and password. */
    private static void authorize(HttpRequest.Builder request) {
        String token = System.getenv("MLFLOW_TRACKING_TOKEN");
        String user = System.getenv("MLFLOW_TRACKING_USERNAME");
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        } else if (user != null && !user.isEmpty()) {
            String password = String.valueOf(System.getenv("MLFLOW_TRACKING_PASSWORD"));
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static File localCopy(Path source) throws IOException {
        if ("file".equals(source.toUri().getScheme())) {
            return new File(source.toUri());
        }
        java.nio.file.Path file = Files.createTempDirectory("sparkbolt-artifact-").resolve(source.getName()); // the artifact keeps its name
        file.toFile().deleteOnExit();
        file.getParent().toFile().deleteOnExit();
        try (var in = Storage.open(source)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file.toFile();
    }
}
