package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The four MNIST files: where they are, how they are fetched when missing, and their SHA-256
 * digests (the copy this project ships in {@code data/mnist}, and the original distribution).
 */
final class MnistFiles {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    static final List<String> ALL = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** Accepted digests per file: both gzip encodings of the same idx data that circulate. */
    private static final Map<String, List<String>> SHA256 = Map.of(
            TRAIN_IMAGES, List.of("0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            TRAIN_LABELS, List.of("1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            TEST_IMAGES, List.of("1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            TEST_LABELS, List.of("b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"));

    private final Path dir;
    private final String url;

    MnistFiles(String dir, String url) {
        this.dir = Storage.path(dir);
        this.url = url.endsWith("/") ? url : url + "/";
    }

    Path file(String name) {
        return Storage.resolve(dir, name);
    }

    InputStream open(String name) {
        Path file = file(name);
        if (!Storage.exists(file)) {
            throw new SparkboltException("MNIST file " + file + " is missing (prepareData downloads it when a url is set)");
        }
        return Storage.open(file);
    }

    /** Downloads every missing file, checks its digest, and only then writes it into place. */
    void downloadMissing() {
        HttpClient http = null;
        for (String name : ALL) {
            if (Storage.exists(file(name))) {
                continue;
            }
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
            }
            byte[] body = fetch(http, url + name);
            String digest = sha256(body);
            if (!SHA256.get(name).contains(digest)) {
                throw new SparkboltException("MNIST download " + url + name + " has SHA-256 " + digest
                        + ", not the published one: refusing to use it");
            }
            Storage.writeAtomically(file(name), body);
        }
    }

    private static byte[] fetch(HttpClient http, String address) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(address))
                    .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new SparkboltException("MNIST download " + address + " failed: HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new SparkboltException("MNIST download " + address + " failed: " + reason
                    + " (offline? copy the four files into the data directory)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkboltException("MNIST download " + address + " was interrupted", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
