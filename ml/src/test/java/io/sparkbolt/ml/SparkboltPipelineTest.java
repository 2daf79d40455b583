package io.sparkbolt.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator in a real Spark ML pipeline on local[2]: a CSV read with {@code spark.read},
 * {@code VectorAssembler} and {@code StandardScaler} before it, parameter averaging over two
 * workers, MLlib's evaluator after it, and the fitted pipeline saved, loaded and applied again.
 */
@Timeout(300)
class SparkboltPipelineTest {
    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("ml-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Three Gaussian blobs in three dimensions, the label being the blob, written as CSV with a header. */
    private static String blobsCsv(String name, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,x2,x3,label\n");
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            csv.append(String.format("%.5f,%.5f,%.5f,%d%n", 10 * label + random.nextGaussian(), -5 * label + random.nextGaussian(),
                    100 + random.nextGaussian(), label));
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file.toString();
    }

    private static Dataset<Row> read(String csv) {
        return spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
    }

    private static final String CONFIG = """
            seed: 7
            model: {class: MlpClassifier, args: {hidden: [16], lr: 0.02}}
            trainer:
              maxEpochs: 6
              strategy: {name: parameter-averaging, numWorkers: 2, averagingFrequency: 4}
              enableProgressBar: false
              enableModelSummary: false
              enableCheckpointing: false
              loggers: false
              numSanityValSteps: 0
            """;

    private static Pipeline pipeline(SparkboltEstimator estimator) {
        return new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"}).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
            estimator});
    }

    @Test
    void aPipelineFitsEvaluatesSavesLoadsAndPredictsTheSame() throws IOException {
        Dataset<Row> train = read(blobsCsv("train.csv", 900, 1)).repartition(3);
        Dataset<Row> test = read(blobsCsv("test.csv", 300, 2));
        SparkboltEstimator estimator = new SparkboltEstimator().setConfig(CONFIG).setStagingDir(dir.resolve("staging").toString());
        PipelineModel fitted = pipeline(estimator).fit(train);

        Dataset<Row> predicted = fitted.transform(test);
        long restoredBefore = InferencePool.restored();
        assertEquals(300, fitted.transform(test.repartition(12)).count());
        assertTrue(InferencePool.restored() - restoredBefore <= 2, "12 partitions on local[2]: a network restored per task slot, "
                + (InferencePool.restored() - restoredBefore) + " restored");
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
        SparkboltModel model = (SparkboltModel) fitted.stages()[2];
        assertEquals(3, (int) model.getOrDefault(model.numClasses()), "classes from the label's largest value");
        assertEquals(List.of("x1", "x2", "x3", "label", "raw", "features", "rawPrediction", "probability", "prediction"),
                List.of(predicted.columns()));

        String saved = dir.resolve("pipeline-model").toString();
        fitted.write().overwrite().save(saved);
        assertTrue(Files.exists(dir.resolve("pipeline-model/stages").toFile().listFiles((d, n) -> n.startsWith("2_"))[0].toPath()
                .resolve(SparkboltModel.CHECKPOINT)), "the model's directory holds its Sparkbolt checkpoint");
        PipelineModel loaded = PipelineModel.load(saved);
        assertEquals(rows(predicted), rows(loaded.transform(test)), "the loaded pipeline predicts the same, row for row");

        String savedPipeline = dir.resolve("pipeline").toString();
        pipeline(estimator).write().overwrite().save(savedPipeline);
        SparkboltEstimator reloaded = (SparkboltEstimator) Pipeline.load(savedPipeline).getStages()[2];
        assertEquals(CONFIG, reloaded.getOrDefault(reloaded.config()), "the estimator keeps its run config");
    }

    @Test
    void aRegressorFromJavaObjectsPredictsItsOneOutputAsTheRegressionEvaluatorReadsIt() throws IOException {
        Random random = new Random(4);
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 600; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            csv.append(String.format("%.5f,%.5f,%.5f%n", x1, x2, 3 * x1 - 2 * x2 + 0.05 * random.nextGaussian()));
        }
        Path file = Files.writeString(dir.resolve("linear.csv"), csv);
        Dataset<Row> frame = new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features").transform(read(file.toString()));
        SparkboltEstimator estimator = new SparkboltEstimator().setLabelCol("y").setNumClasses(0).setNormalize("none")
                .setModule(new io.sparkbolt.trainer.models.MlpRegressor(List.of(16), 0.01))
                .setTrainer(io.sparkbolt.trainer.Trainer.builder().maxEpochs(15).enableProgressBar(false).enableModelSummary(false)
                        .enableCheckpointing(false).loggers(List.of()).numSanityValSteps(0).seed(3).build());
        SparkboltModel model = estimator.fit(frame);
        Dataset<Row> predicted = model.transform(frame);
        assertEquals(List.of("x1", "x2", "y", "features", "prediction"), List.of(predicted.columns()), "a regressor adds its prediction only");
        double rmse = new org.apache.spark.ml.evaluation.RegressionEvaluator().setLabelCol("y").setMetricName("rmse").evaluate(predicted);
        assertTrue(rmse < 0.5, "rmse " + rmse + " (the target's sd is about 3.6)");
        String saved = dir.resolve("regressor").toString();
        model.write().overwrite().save(saved);
        assertEquals(predicted.select("prediction").collectAsList(), SparkboltModel.load(saved).transform(frame).select("prediction").collectAsList());
    }

    private static List<String> rows(Dataset<Row> frame) {
        List<String> rows = new ArrayList<>();
        for (Row row : frame.select("prediction", "probability").collectAsList()) {
            rows.add(row.toString());
        }
        return rows;
    }

    @Test
    void badInputIsOneLineBeforeAnyTraining() throws IOException {
        Dataset<Row> frame = read(blobsCsv("bad.csv", 30, 3));
        IllegalArgumentException notVector = assertThrows(IllegalArgumentException.class,
                () -> new SparkboltEstimator().setConfig(CONFIG).setFeaturesCol("x1").fit(frame));
        assertEquals("SparkboltEstimator: features column 'x1' is double, not an ML Vector or a numeric array (assemble it with VectorAssembler)",
                notVector.getMessage());
        SparkboltException withData = assertThrows(SparkboltException.class,
                () -> new SparkboltEstimator().setConfig(CONFIG + "data: {class: CsvDataModule, args: {path: x.csv}}\n"));
        assertTrue(withData.getMessage().contains("data") && withData.getMessage().contains("leave the data section out"), withData.getMessage());
        SparkboltEstimator fromFile = new SparkboltEstimator().setConfigFile(Path.of("../conf/ml-classifier.yaml").toString());
        assertTrue(fromFile.getOrDefault(fromFile.config()).contains("MlpClassifier"), "the shipped config loads");
        UnsupportedOperationException javaObjects = assertThrows(UnsupportedOperationException.class,
                () -> new SparkboltEstimator().setModule(new io.sparkbolt.trainer.models.MlpClassifier(List.of(4), 0.01)).write());
        assertTrue(javaObjects.getMessage().startsWith("SparkboltEstimator: an estimator given a module or Trainer object from Java cannot be saved"),
                javaObjects.getMessage());
    }
}
