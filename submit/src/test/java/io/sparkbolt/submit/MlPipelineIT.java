package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbolt.submit.cluster.LocalCluster;
import io.sparkbolt.submit.cluster.MlPipelineMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML pipeline of {@code SparkboltPipelineTest} as a user's program on the standalone
 * cluster of separate JVMs: spark-submitted with the uber jar, the estimator's parameter averaging
 * over the two executors, the pipeline model saved, loaded and applied again.
 */
class MlPipelineIT {

    private static Path blobs(Path file, int rows, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,x2,x3,label\n");
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            csv.append(String.format("%.5f,%.5f,%.5f,%d%n", 10 * label + random.nextGaussian(), -5 * label + random.nextGaussian(),
                    100 + random.nextGaussian(), label));
        }
        return Files.writeString(file, csv);
    }

    @Test
    void aPipelineWithTheEstimatorFitsOnTheClusterAndItsSavedModelPredictsTheSame(@TempDir Path dir) throws Exception {
        Path train = blobs(dir.resolve("train.csv"), 900, 1);
        Path test = blobs(dir.resolve("test.csv"), 300, 2);
        Path config = Files.writeString(dir.resolve("ml.yaml"), """
                seed: 7
                model: {class: MlpClassifier, args: {hidden: [16], lr: 0.02}}
                trainer:
                  maxEpochs: 6
                  strategy: {name: parameter-averaging, numWorkers: 2, averagingFrequency: 4}
                  enableProgressBar: false
                  enableCheckpointing: false
                  loggers: false
                  numSanityValSteps: 0
                """);
        // what sparkbolt submit builds the spark-submit command from: the same model, a data section, the executors
        Path submitted = Files.writeString(dir.resolve("submit.yaml"), """
                model: {class: MlpClassifier, args: {hidden: [16], lr: 0.02}}
                data: {class: CsvDataModule, args: {path: '%s', skipLines: 1, numClasses: 3}}
                spark:
                  executors: 2
                  executorCores: 1
                  executorMemory: 2g
                  conf: {%s}
                """.formatted(train, LocalClusterIT.WAIT_FOR_EXECUTORS));
        Path results = dir.resolve("results.json");
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2, Map.of("WORKER_MEMORY", "2g"))) {
            LocalCluster.awaitSuccess(cluster.submitMain(dir, submitted, MlPipelineMain.class.getName(), train.toString(), test.toString(),
                    config.toString(), dir.resolve("model").toString(), results.toString()), dir, 420);
        }
        JsonNode outcome = new ObjectMapper().readTree(results.toFile());
        assertTrue(outcome.get("accuracy").asDouble() > 0.9, outcome.toString());
        assertTrue(outcome.get("identical").asBoolean(), "the loaded pipeline predicts the same: " + outcome);
        assertEquals(300, outcome.get("rows").asInt());
        assertTrue(Files.exists(dir.resolve("model/stages")), "saved as a Spark ML pipeline model");
    }
}
