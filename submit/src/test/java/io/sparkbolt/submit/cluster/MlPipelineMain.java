package io.sparkbolt.submit.cluster;

import io.sparkbolt.ml.SparkboltEstimator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A user's Spark ML program, submitted to the cluster by {@code MlPipelineIT}: reads a CSV with
 * {@code spark.read}, fits {@code VectorAssembler}, {@code StandardScaler} and a
 * {@link SparkboltEstimator} (the run config's strategy over the executors), evaluates, saves the
 * pipeline model, loads it and transforms again. Writes {@code accuracy} and whether the loaded
 * model's predictions are identical as JSON.
 *
 * <p>Arguments: {@code trainCsv testCsv runConfig modelDir results.json}.
 */
public final class MlPipelineMain {
    private MlPipelineMain() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().getOrCreate();
        Dataset<Row> train = spark.read().option("header", "true").option("inferSchema", "true").csv(args[0]);
        Dataset<Row> test = spark.read().option("header", "true").option("inferSchema", "true").csv(args[1]);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"}).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
            new SparkboltEstimator().setConfigFile(args[2])});
        PipelineModel model = pipeline.fit(train);
        Dataset<Row> predicted = model.transform(test);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
        model.write().overwrite().save(args[3]);
        List<Row> before = predicted.select("prediction", "probability").collectAsList();
        List<Row> after = PipelineModel.load(args[3]).transform(test).select("prediction", "probability").collectAsList();
        Files.writeString(Path.of(args[4]), "{\"accuracy\": " + accuracy + ", \"identical\": " + before.equals(after)
                + ", \"rows\": " + before.size() + "}");
        spark.stop();
    }
}
