package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.Reduction;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.testing.MemoryLogger;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The CSV data module under parameter averaging on local[2], reading from a real in-process HDFS
 * (MiniDFSCluster) and from local files, with the data pass run as a Spark job; and Parquet read in
 * place from that HDFS.
 */
class CsvOnSparkTest {
    private static JavaSparkContext spark;
    private static MiniDFSCluster hdfs;
    private static String hdfsRoot;

    @TempDir
    static Path local;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(local.toFile(), "hdfs").getAbsolutePath());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        hdfsRoot = hdfs.getURI().toString();
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("csv-on-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
        hdfs.shutdown();
    }

    private static void writeHdfs(String path, List<String> rows, boolean gzip) throws Exception {
        FileSystem fs = hdfs.getFileSystem();
        StringBuilder text = new StringBuilder();
        rows.forEach(row -> text.append(row).append('\n'));
        try (OutputStream out = gzip ? new GZIPOutputStream(fs.create(new org.apache.hadoop.fs.Path(path)))
                : fs.create(new org.apache.hadoop.fs.Path(path))) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static ParameterAveraging averaging(int k) {
        return ParameterAveraging.builder().numWorkers(2).averagingFrequency(k).build();
    }

    @Test
    void fitsFromAnHdfsUriWithParameterAveraging() throws Exception {
        writeHdfs("/data/blobs/part-00000.csv", CsvFixtures.blobs(0, 700, 1), false);
        writeHdfs("/data/blobs/part-00001.csv.gz", CsvFixtures.blobs(700, 1200, 1), true);
        writeHdfs("/data/blobs/_SUCCESS", List.of(), false);
        CsvDataModule data = CsvDataModule.builder(hdfsRoot + "/data/blobs").numClasses(3).valFraction(0.2).testFraction(0.1)
                .idColumn(0).batchSize(32).build();
        MlpClassifier model = new MlpClassifier(List.of(16), 0.01);
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(3).strategy(averaging(4)).build();
        trainer.fit(model, data);

        assertEquals(1200L, data.rowCounts().get(Split.TRAIN) + data.rowCounts().get(Split.VAL) + data.rowCounts().get(Split.TEST));
        assertTrue(trainer.callbackMetrics().get("val_acc") > 0.9, "val " + trainer.callbackMetrics());

        // predictions written by the executors into HDFS through the output committer, keyed by the id column
        String output = hdfsRoot + "/predictions";
        io.sparkbolt.trainer.predict.PredictionSummary written = trainer.predict(model, data, null,
                io.sparkbolt.trainer.predict.PredictionOutput.csv(output));
        assertEquals(data.rowCounts().get(Split.TEST), written.rows());
        List<String> names = io.sparkbolt.trainer.storage.Storage.list(io.sparkbolt.trainer.storage.Storage.path(output));
        assertTrue(names.contains("_SUCCESS") && !names.contains("_temporary"), names.toString());
        java.util.Set<String> ids = new java.util.TreeSet<>();
        long lines = 0;
        for (String name : names.stream().filter(n -> n.startsWith("part-")).toList()) {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(io.sparkbolt.trainer.storage.Storage.open(
                    io.sparkbolt.trainer.storage.Storage.path(output + "/" + name)), java.nio.charset.StandardCharsets.UTF_8))) {
                assertEquals("id,output_0,output_1,output_2,argmax", in.readLine());
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    ids.add(line.substring(0, line.indexOf(',')));
                    lines++;
                }
            }
        }
        assertEquals(written.rows(), lines);
        assertEquals(lines, ids.size(), "every test row once, keyed by its id");
    }

    /** Counts the rows it trains on and sums their ids (the first feature), reduced over workers with sum. */
    static final class RowCounter extends LightningModule {
        private static final long serialVersionUID = 1L;

        @Override
        public NetworkSpec configureNetwork() {
            return NetworkSpec.of(new NeuralNetConfiguration.Builder().list()
                    .layer(new DenseLayer.Builder().nIn(dataShape().numFeatures()).nOut(4).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(dataShape().numOutputs())
                            .activation(Activation.SOFTMAX).build())
                    .build());
        }

        @Override
        public Optimizers configureOptimizers() {
            return Optimizers.adam(0.001);
        }

        @Override
        public StepOutput trainingStep(Batch batch, int batchIdx) {
            LogOptions sum = LogOptions.defaults().onStep(false).onEpoch(true).reduce(Reduction.SUM);
            log("rows", batch.size(), sum);
            log("id_sum", batch.features().getColumn(0).sumNumber().doubleValue(), sum);
            return forwardBackward(batch);
        }
    }

    @Test
    void everyRowOfManyPartFilesIsTrainedOnceAnEpochOverTwoWorkers() throws Exception {
        Path parts = local.resolve("parts");
        long expectedSum = 0;
        long expectedRows = 0;
        for (int p = 0; p < 5; p++) {
            List<String> rows = CsvFixtures.blobs(p * 1000, p * 1000 + 300 + 50 * p, 2);
            CsvFixtures.write(parts.resolve("part-" + p + (p == 3 ? ".csv.gz" : ".csv")), null, rows);
            for (int id = p * 1000; id < p * 1000 + 300 + 50 * p; id++) {
                expectedSum += id;
                expectedRows++;
            }
        }
        CsvDataModule data = CsvDataModule.builder(parts.toString()).numClasses(3).normalize("none").batchSize(16).build();
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(2).strategy(averaging(3)).build();
        trainer.fit(new RowCounter(), data);

        Map<String, Double> metrics = trainer.callbackMetrics();
        assertEquals(expectedRows, metrics.get("rows").longValue(), "rows trained in the last epoch");
        assertEquals(expectedSum, metrics.get("id_sum").longValue(), "each row once: the ids add up");
    }

    @Test
    void aSingleGzipFileIsCutIntoPartsSoBothWorkersTrain() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add(CsvFixtures.HEADER);
        rows.addAll(CsvFixtures.blobs(0, 600, 4));
        writeHdfs("/data/single/blobs.csv.gz", rows, true);
        String staging = hdfsRoot + "/staging";
        CsvDataModule data = CsvDataModule.builder(hdfsRoot + "/data/single/blobs.csv.gz").numClasses(3).skipLines(1)
                .normalize("none").batchSize(16).stagingDir(staging).build();
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(1).strategy(averaging(3)).build();
        trainer.fit(new RowCounter(), data);

        Map<String, Double> metrics = trainer.callbackMetrics();
        assertEquals(2.0, metrics.get("round_workers"), "both workers trained in the last round: " + metrics);
        assertEquals(600L, metrics.get("rows").longValue(), "every row once");
        assertEquals(599L * 600 / 2, metrics.get("id_sum").longValue(), "each row once: the ids add up");
        assertEquals(2, data.shards(Split.TRAIN).size(), "one plain part per worker");
        FileSystem fs = hdfs.getFileSystem();
        org.apache.hadoop.fs.FileStatus[] copies = fs.listStatus(new org.apache.hadoop.fs.Path(staging));
        assertEquals(1, copies.length);
        long written = fs.getFileStatus(new org.apache.hadoop.fs.Path(copies[0].getPath(), "_SUCCESS")).getModificationTime();

        CsvDataModule again = CsvDataModule.builder(hdfsRoot + "/data/single/blobs.csv.gz").numClasses(3).skipLines(1)
                .normalize("none").batchSize(16).stagingDir(staging).build();
        again.attach(CsvFixtures.contextOf(averaging(3)));
        again.prepareData();
        assertEquals(written, fs.getFileStatus(new org.apache.hadoop.fs.Path(copies[0].getPath(), "_SUCCESS")).getModificationTime(),
                "the parts are reused, not cut again");
        assertEquals(data.shards(Split.TRAIN), again.shards(Split.TRAIN));
    }

    @Test
    void parquetOnHdfsIsReadInPlaceByTheExecutors() {
        SparkSession session = SparkSession.builder().getOrCreate();
        List<Row> rows = new ArrayList<>();
        for (String line : CsvFixtures.blobs(0, 900, 6)) {
            String[] f = line.split(",");
            rows.add(RowFactory.create(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Integer.parseInt(f[4])));
        }
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
                .add("x3", DataTypes.DoubleType).add("label", DataTypes.IntegerType);
        String parquet = hdfsRoot + "/data/blobs.parquet";
        session.createDataFrame(rows, schema).repartition(4).write().parquet(parquet);
        DataFrameDataModule data = new DataFrameDataModule("", parquet, "parquet", List.of(), "", "label", 3, 0.2, 0, 32,
                "standardize", true, "fail", 42, hdfsRoot + "/staging-parquet", "");
        MemoryLogger log = new MemoryLogger();
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(4).strategy(averaging(4)).loggers(List.of(log)).logEveryNSteps(1).build();
        trainer.fit(new MlpClassifier(List.of(16), 0.01), data);
        assertTrue(data.stagedDirectory().isEmpty(), "read in place");
        assertTrue(data.shards(Split.TRAIN).stream().allMatch(shard -> shard.describe().startsWith("hdfs://")), data.shards(Split.TRAIN).toString());
        assertEquals(900L, data.rowCounts().get(Split.TRAIN) + data.rowCounts().get(Split.VAL));
        // the pieces hold unequal rows, so an epoch's last round may find one worker done; the first has both
        assertEquals(2.0, log.rows().get(0).metrics().get("round_workers"), "both workers train: " + log.rows().get(0));
        assertTrue(trainer.callbackMetrics().get("val_acc") > 0.9, "val " + trainer.callbackMetrics());
    }

    @Test
    void statisticsFromTheDistributedPassEqualOneSequentialPass() {
        Path parts = local.resolve("stats");
        List<String> all = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            List<String> rows = CsvFixtures.blobs(p * 500, p * 500 + 400, 9);
            CsvFixtures.write(parts.resolve("part-" + p + ".csv"), null, rows);
            all.addAll(rows);
        }
        INDArray features = Nd4j.create(all.size(), 4);
        for (int i = 0; i < all.size(); i++) {
            String[] fields = all.get(i).split(",");
            for (int c = 0; c < 4; c++) {
                features.putScalar(i, c, Double.parseDouble(fields[c]));
            }
        }
        DataSet whole = new DataSet(features, Nd4j.zeros(all.size(), 3));

        for (String kind : List.of("standardize", "minmax")) {
            CsvDataModule data = CsvDataModule.builder(parts.toString()).numClasses(3).normalize(kind).build();
            ParameterAveraging strategy = ParameterAveraging.builder().numWorkers(4).build();
            data.attach(CsvFixtures.contextOf(strategy));
            data.prepareData();
            Map<String, Object> state = data.stateDict();
            if (kind.equals("standardize")) {
                NormalizerStandardize single = new NormalizerStandardize();
                single.fit(whole);
                assertArrayEquals(single.getMean().toDoubleVector(), doubles(state.get("mean")), 1e-4);
                assertArrayEquals(single.getStd().toDoubleVector(), doubles(state.get("std")), 1e-4);
            } else {
                NormalizerMinMaxScaler single = new NormalizerMinMaxScaler();
                single.fit(whole);
                assertArrayEquals(single.getMin().toDoubleVector(), doubles(state.get("min")), 1e-6);
                assertArrayEquals(single.getMax().toDoubleVector(), doubles(state.get("max")), 1e-6);
            }
        }
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
