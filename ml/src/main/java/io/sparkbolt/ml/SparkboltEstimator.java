package io.sparkbolt.ml;

import io.sparkbolt.config.RunConfig;
import io.sparkbolt.data.DataFrameDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.network.Networks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Sparkbolt's Trainer as a Spark ML {@code Estimator}: {@code fit(frame)} trains a
 * {@link LightningModule} on the frame's features vector and label with the configured strategy
 * (parameter averaging, ddp, ...; the frame is read as {@link DataFrameDataModule} reads frames:
 * in place when it is a plain Parquet scan, else staged once as Parquet) and returns a
 * {@link SparkboltModel}. What to train comes from a run config without a {@code data:} section
 * ({@link #setConfig} with YAML text, {@link #setConfigFile}), or from Java
 * ({@link #setModule}, {@link #setTrainer}). Saved and loaded with Spark ML (the config is one of
 * its params), alone or inside a {@code Pipeline}.
 *
 * <pre>{@code
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
 *     new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("raw"),
 *     new StandardScaler().setInputCol("raw").setOutputCol("features"),
 *     new SparkboltEstimator().setConfigFile("conf/ml-classifier.yaml")});
 * PipelineModel model = pipeline.fit(train);
 * }</pre>
 */
public final class SparkboltEstimator extends Estimator<SparkboltModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "SparkboltEstimator";

    private final String uid;
    private final ColumnParams columns;
    private final Param<String> config;
    private final IntParam numClasses;
    private final IntParam batchSize;
    private final DoubleParam valFraction;
    private final Param<String> normalize;
    private final Param<String> stagingDir;
    private transient LightningModule module;
    private transient Trainer trainer;

    /** An estimator with a new uid. */
    public SparkboltEstimator() {
        this(SparkboltModel.newUid());
    }

    /** An estimator with the given uid (what Spark ML's reader calls). */
    public SparkboltEstimator(String uid) {
        this.uid = uid;
        this.columns = new ColumnParams(this);
        this.config = new Param<>(this, "config", "the run config as YAML text: model and trainer sections, no data section");
        this.numClasses = new IntParam(this, "numClasses", "classes of the label; 0 for regression; -1: from the label's metadata or its largest value + 1");
        this.batchSize = new IntParam(this, "batchSize", "examples per batch (per worker)");
        this.valFraction = new DoubleParam(this, "valFraction", "share of rows held out for validation (seeded)");
        this.normalize = new Param<>(this, "normalize", "standardize, minmax or none, fitted on the training rows");
        this.stagingDir = new Param<>(this, "stagingDir", "where a frame that is not a plain Parquet scan is staged; empty: the default");
        columns.setDefaults(this::setDefault);
        setDefault(config, "");
        setDefault(numClasses, -1);
        setDefault(batchSize, 64);
        setDefault(valFraction, 0.0);
        setDefault(normalize, "standardize");
        setDefault(stagingDir, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the features column (an ML Vector or a numeric array) */
    public Param<String> featuresCol() {
        return columns.featuresCol;
    }

    /** @return the label column (a class index, or a regression target) */
    public Param<String> labelCol() {
        return columns.labelCol;
    }

    /** @return the model's prediction column */
    public Param<String> predictionCol() {
        return columns.predictionCol;
    }

    /** @return the model's probability column (empty: none) */
    public Param<String> probabilityCol() {
        return columns.probabilityCol;
    }

    /** @return the model's raw prediction column (empty: none) */
    public Param<String> rawPredictionCol() {
        return columns.rawPredictionCol;
    }

    /** @return the run config (YAML text) */
    public Param<String> config() {
        return config;
    }

    /** @return the classes of the label (0: regression, -1: inferred) */
    public IntParam numClasses() {
        return numClasses;
    }

    /** @return examples per batch */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the validation share */
    public DoubleParam valFraction() {
        return valFraction;
    }

    /** @return the feature normalisation */
    public Param<String> normalize() {
        return normalize;
    }

    /** @return where frames are staged */
    public Param<String> stagingDir() {
        return stagingDir;
    }

    public SparkboltEstimator setFeaturesCol(String value) {
        set(columns.featuresCol, value);
        return this;
    }

    public SparkboltEstimator setLabelCol(String value) {
        set(columns.labelCol, value);
        return this;
    }

    public SparkboltEstimator setPredictionCol(String value) {
        set(columns.predictionCol, value);
        return this;
    }

    public SparkboltEstimator setProbabilityCol(String value) {
        set(columns.probabilityCol, value);
        return this;
    }

    public SparkboltEstimator setRawPredictionCol(String value) {
        set(columns.rawPredictionCol, value);
        return this;
    }

    /** The run config as YAML text: {@code model:}, {@code trainer:}, {@code seed:}, {@code spark:}; the frame is the data. */
    public SparkboltEstimator setConfig(String yaml) {
        RunConfig.withoutData(NAME + " config", yaml); // bad YAML fails here, with its line
        set(config, yaml);
        return this;
    }

    /** Reads the run config from a file (a path or Hadoop URI) now; the estimator keeps its text. */
    public SparkboltEstimator setConfigFile(String location) {
        String yaml = RunConfig.text(location);
        RunConfig.withoutData(location, yaml); // bad YAML fails here, with the file and line
        set(config, yaml);
        return this;
    }

    public SparkboltEstimator setNumClasses(int value) {
        set(numClasses, value);
        return this;
    }

    public SparkboltEstimator setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public SparkboltEstimator setValFraction(double value) {
        set(valFraction, value);
        return this;
    }

    public SparkboltEstimator setNormalize(String value) {
        set(normalize, value);
        return this;
    }

    public SparkboltEstimator setStagingDir(String value) {
        set(stagingDir, value);
        return this;
    }

    /** What to train, from Java (instead of a config's {@code model:} section). */
    public SparkboltEstimator setModule(LightningModule value) {
        this.module = value;
        return this;
    }

    /** How to train, from Java (instead of a config's {@code trainer:} section); default {@code Trainer.builder().build()}. */
    public SparkboltEstimator setTrainer(Trainer value) {
        this.trainer = value;
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        OutputColumns.requireFeatures(schema, getOrDefault(columns.featuresCol), NAME);
        String label = getOrDefault(columns.labelCol);
        if (!Arrays.asList(schema.fieldNames()).contains(label)) {
            throw new IllegalArgumentException(NAME + ": label column '" + label + "' is not in the frame (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        if (!(schema.apply(label).dataType() instanceof NumericType)) {
            throw new IllegalArgumentException(NAME + ": label column '" + label + "' is " + schema.apply(label).dataType().simpleString()
                    + ", not numeric (index it with StringIndexer)");
        }
        int classes = (int) getOrDefault(numClasses);
        return new OutputColumns(getOrDefault(columns.featuresCol), getOrDefault(columns.rawPredictionCol),
                getOrDefault(columns.probabilityCol), getOrDefault(columns.predictionCol), classes == 0 ? 0 : 2, 1).appendTo(schema);
    }

    @Override
    public SparkboltModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> frame = dataset.toDF();
        int classes = (int) getOrDefault(numClasses) >= 0 ? (int) getOrDefault(numClasses) : inferClasses(frame);
        LightningModule what;
        Trainer how;
        String yaml = getOrDefault(config);
        if (!yaml.isEmpty()) {
            RunConfig run = RunConfig.withoutData(NAME + " config", yaml);
            what = run.model();
            how = run.trainer();
        } else if (module != null) {
            what = module;
            how = trainer != null ? trainer : Trainer.builder().build();
        } else {
            throw new SparkboltException(NAME + ": nothing to train: give a run config (setConfig, setConfigFile) or a module (setModule)");
        }
        DataFrameDataModule data = DataFrameDataModule.ofVectors(frame, getOrDefault(columns.featuresCol), getOrDefault(columns.labelCol),
                classes, (double) getOrDefault(valFraction), (int) getOrDefault(batchSize), getOrDefault(normalize), getOrDefault(stagingDir));
        how.fit(what, data);
        TrainedNetwork network = new TrainedNetwork(checkpointOf(how), Networks.isGraph(how.network()),
                data.shape().orElseThrow().numOutputs(), data.stateDict());
        SparkboltModel model = copyValues(new SparkboltModel(uid, network), ParamMap.empty()).setNumClasses(classes);
        model.setParent(this);
        return model;
    }

    /** Classes from the label's ML attribute (a {@code StringIndexer}'s), else its largest value + 1 (one Spark job). */
    private int inferClasses(Dataset<Row> frame) {
        String label = getOrDefault(columns.labelCol);
        Attribute attribute = Attribute.fromStructField(frame.schema().apply(label));
        if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
            return (int) nominal.getNumValues().get();
        }
        Row largest = frame.agg(functions.max(frame.col("`" + label + "`")).cast("double")).first();
        if (largest.isNullAt(0)) {
            throw new SparkboltException(NAME + ": label column '" + label + "' has no values to count the classes from");
        }
        double value = largest.getDouble(0);
        if (value != Math.rint(value) || value < 1) {
            throw new SparkboltException(NAME + ": label column '" + label + "' reaches " + value
                    + ", not a class index of two classes or more: set numClasses (0 for regression)");
        }
        return (int) value + 1;
    }

    /** The fitted network with the Trainer's state, as the bytes of a weights-only Sparkbolt checkpoint. */
    private static byte[] checkpointOf(Trainer trainer) {
        try {
            Path file = Files.createTempFile("sparkbolt-model-", ".ckpt");
            try {
                trainer.saveCheckpoint(file.toUri().toString(), true);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new SparkboltException(NAME + ": cannot write the fitted network's checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public SparkboltEstimator copy(ParamMap extra) {
        SparkboltEstimator copy = copyValues(new SparkboltEstimator(uid), extra);
        copy.module = module;
        copy.trainer = trainer;
        return copy;
    }

    /**
     * Spark ML's writer of the params (the run config among them). An estimator given its module or
     * Trainer as Java objects cannot be saved: those are code, not settings.
     */
    @Override
    public MLWriter write() {
        if (getOrDefault(config).isEmpty() && (module != null || trainer != null)) {
            throw new UnsupportedOperationException(NAME + ": an estimator given a module or Trainer object from Java cannot be saved;"
                    + " give it a run config (setConfig, setConfigFile) to save it");
        }
        return new DefaultParamsWriter(this);
    }

    /** Reads an estimator saved with {@code write().save(dir)}. */
    public static MLReader<SparkboltEstimator> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads the estimator saved in {@code path}. */
    public static SparkboltEstimator load(String path) {
        return read().load(path);
    }
}
