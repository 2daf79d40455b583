package io.sparkbolt.ml;

import io.sparkbolt.trainer.checkpoint.Checkpoint;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.storage.Storage;
import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A network trained by {@link SparkboltEstimator}, as a Spark ML {@code Model}: {@link #transform}
 * runs inference on the executors ({@code mapPartitions} with the broadcast network, batches of
 * rows) and appends, like MLlib's classifiers, the raw prediction and probability vectors (the
 * network's outputs) and the prediction (the argmax class; a regressor's output). Saved with
 * {@code write().save(dir)} as a Sparkbolt checkpoint ({@code dir/checkpoint.ckpt}, which
 * {@code sparkbolt predict --ckptPath} also reads) beside Spark ML's metadata, and loaded with
 * {@link #load} or inside a {@code PipelineModel}.
 */
public final class SparkboltModel extends Model<SparkboltModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** The checkpoint's name in a saved model's directory. */
    static final String CHECKPOINT = "checkpoint.ckpt";

    private final String uid;
    private final ColumnParams columns;
    private final IntParam numClasses;
    private TrainedNetwork network;

    /** A model to be given its network by {@link SparkboltEstimator#fit} or the reader. */
    public SparkboltModel(String uid) {
        this.uid = uid;
        this.columns = new ColumnParams(this);
        this.numClasses = new IntParam(this, "numClasses", "classes of the label the network was trained on; 0 for regression");
        columns.setDefaults(this::setDefault);
        setDefault(numClasses, 0);
    }

    SparkboltModel(String uid, TrainedNetwork network) {
        this(uid);
        this.network = network;
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the features column (an ML Vector or a numeric array) */
    public Param<String> featuresCol() {
        return columns.featuresCol;
    }

    /** @return the label column (read by the estimator only) */
    public Param<String> labelCol() {
        return columns.labelCol;
    }

    /** @return the prediction column */
    public Param<String> predictionCol() {
        return columns.predictionCol;
    }

    /** @return the probability column (empty: none) */
    public Param<String> probabilityCol() {
        return columns.probabilityCol;
    }

    /** @return the raw prediction column (empty: none) */
    public Param<String> rawPredictionCol() {
        return columns.rawPredictionCol;
    }

    /** @return the classes of the label (0: regression) */
    public IntParam numClasses() {
        return numClasses;
    }

    public SparkboltModel setFeaturesCol(String value) {
        set(columns.featuresCol, value);
        return this;
    }

    public SparkboltModel setPredictionCol(String value) {
        set(columns.predictionCol, value);
        return this;
    }

    public SparkboltModel setProbabilityCol(String value) {
        set(columns.probabilityCol, value);
        return this;
    }

    public SparkboltModel setRawPredictionCol(String value) {
        set(columns.rawPredictionCol, value);
        return this;
    }

    SparkboltModel setNumClasses(int value) {
        set(numClasses, value);
        return this;
    }

    private TrainedNetwork network() {
        if (network == null) {
            throw new IllegalStateException("SparkboltModel " + uid + " has no network: fit it with SparkboltEstimator or load it");
        }
        return network;
    }

    /** The data module's state of the fit (the feature normalisation), as saved in the checkpoint. */
    public Map<String, Object> dataState() {
        return Map.copyOf(network().dataState());
    }

    private OutputColumns outputColumns() {
        return new OutputColumns(getOrDefault(columns.featuresCol), getOrDefault(columns.rawPredictionCol),
                getOrDefault(columns.probabilityCol), getOrDefault(columns.predictionCol), (int) getOrDefault(numClasses),
                network().outputs());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputColumns().appendTo(schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = transformSchema(dataset.schema());
        Dataset<Row> frame = dataset.toDF();
        OutputColumns out = outputColumns();
        int featuresIndex = Arrays.asList(frame.columns()).indexOf(out.features());
        int width = network().features();
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
        Broadcast<TrainedNetwork> shipped = spark.broadcast(network());
        JavaRDD<Row> rows = frame.toJavaRDD().mapPartitions(new FrameInference(shipped, out, featuresIndex, width));
        return frame.sparkSession().createDataFrame(rows, schema);
    }

    @Override
    public SparkboltModel copy(ParamMap extra) {
        SparkboltModel copy = copyValues(new SparkboltModel(uid, network), extra);
        copy.setParent(parent());
        return copy;
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** Reads a model saved with {@code write().save(dir)}. */
    public static MLReader<SparkboltModel> read() {
        return new Reader();
    }

    /** Loads the model saved in {@code path}. */
    public static SparkboltModel load(String path) {
        return read().load(path);
    }

    /** Spark ML's metadata (the params) and the checkpoint. */
    private static final class Writer extends MLWriter {
        private final SparkboltModel model;

        Writer(SparkboltModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession().sparkContext(), io.sparkbolt.trainer.spark.ScalaInterop.none(), io.sparkbolt.trainer.spark.ScalaInterop.none());
            Storage.writeAtomically(new Path(path, CHECKPOINT), model.network().checkpoint());
        }
    }

    private static final class Reader extends MLReader<SparkboltModel> {
        @Override
        public SparkboltModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession().sparkContext(),
                    SparkboltModel.class.getName());
            Checkpoint checkpoint = CheckpointIO.read(new Path(path, CHECKPOINT));
            SparkboltModel model = new SparkboltModel(metadata.uid(),
                    TrainedNetwork.of(checkpoint.file(), checkpoint.state().datamodule(), checkpoint.path().toString()));
            metadata.getAndSetParams(model, io.sparkbolt.trainer.spark.ScalaInterop.none());
            return model;
        }
    }

    /** A fresh uid, as Spark ML makes them. */
    static String newUid() {
        return Identifiable$.MODULE$.randomUID("sparkbolt");
    }
}
