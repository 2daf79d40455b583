package io.sparkbolt.submit.cluster;

import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.slf4j.LoggerFactory;

/**
 * MNIST as a user's module reading from a secured source would: it logs where it reads from (a URL
 * with a password, and its token, as careless code does), and in each task's setup it records
 * whether Spark and Hadoop received the real S3 secret it was configured with, as {@code true} or
 * {@code false} in {@code <reportDir>/received-real-secrets} (never the secret itself).
 */
public final class SecretCheckingMnist extends WrappedMnist {
    private final String sourceUrl;
    private final String accessToken;
    private final String expectedS3Secret;
    private final String reportDir;

    public SecretCheckingMnist(@Arg("dir") String dir, @Arg("batchSize") int batchSize, @Arg("accessToken") String accessToken,
                               @Arg("sourceUrl") String sourceUrl, @Arg("expectedS3Secret") String expectedS3Secret,
                               @Arg("reportDir") String reportDir) {
        super(new MnistDataModule(dir, batchSize));
        this.sourceUrl = sourceUrl;
        this.accessToken = accessToken;
        this.expectedS3Secret = expectedS3Secret;
        this.reportDir = reportDir;
        saveHyperparameters(dir, batchSize, accessToken, sourceUrl, expectedS3Secret, reportDir);
    }

    @Override
    public void prepareData() {
        LoggerFactory.getLogger(SecretCheckingMnist.class).warn("reading from {} with token={}", sourceUrl, accessToken);
        super.prepareData();
    }

    @Override
    public void setup(Stage stage) {
        boolean spark = SparkEnv.get() != null && expectedS3Secret.equals(SparkEnv.get().conf().get("spark.hadoop.fs.s3a.secret.key", ""));
        boolean hadoop = expectedS3Secret.equals(Storage.configuration().get("fs.s3a.secret.key"));
        try {
            Files.writeString(Path.of(reportDir, "received-real-secrets"), "spark=" + spark + " hadoop=" + hadoop, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        super.setup(stage);
    }
}
