package io.sparkbolt.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerBuilder;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.storage.Storage;
import io.sparkbolt.trainer.testing.MemoryLogger;
import io.sparkbolt.trainer.testing.TinyModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume under parameter averaging on local[2], with every checkpoint on an in-process
 * HDFS (MiniDFSCluster): a fit interrupted at an epoch's end or between two rounds of an epoch
 * ends bit-identical to one that was never interrupted.
 */
class ResumeOnSparkTest {
    private static JavaSparkContext spark;
    private static MiniDFSCluster hdfs;
    private static String hdfsRoot;

    @TempDir
    static Path local;

    @BeforeAll
    static void start() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(local.toFile(), "hdfs").getAbsolutePath());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        hdfsRoot = hdfs.getURI().toString();
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("resume-on-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1").set("spark.hadoop.sparkbolt.test.marker", "from-spark-conf"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
        hdfs.shutdown();
    }

    @BeforeEach
    void resetCounters() {
        CountingData.reset();
    }

    private static TinyModel model() {
        return new TinyModel(Optimizers.adam(0.01), 0.8);
    }

    /** 4 shards of 16 training examples: 2 workers read 4 batches each per epoch, 2 rounds of 2 steps. */
    private static CountingData data() {
        return new CountingData(8, 64, 32, 4, true);
    }

    private static TrainerBuilder trainer(int maxEpochs, MemoryLogger logger, Callback... callbacks) {
        return Trainer.builder().enableProgressBar(false).enableModelSummary(false).numSanityValSteps(0).seed(11)
                .maxEpochs(maxEpochs).logEveryNSteps(1).loggers(List.of(logger)).callbacks(callbacks)
                .strategy(ParameterAveraging.builder().numWorkers(2).averagingFrequency(2).build());
    }

    private static ModelCheckpoint everyRound(String dir) {
        return ModelCheckpoint.builder().dirPath(dir).everyNTrainSteps(2).saveTopK(-1).saveLast(true).build();
    }

    @Test
    void resumeBetweenRoundsOnHdfsEndsBitIdentical() {
        MemoryLogger fullLog = new MemoryLogger();
        Trainer full = trainer(3, fullLog, everyRound(hdfsRoot + "/full")).build();
        full.fit(model(), data());

        MemoryLogger log = new MemoryLogger();
        Callback crash = new Callback() {
            @Override
            public void onTrainBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
                if (trainer.globalStep() == 6) {
                    throw new IllegalStateException("simulated driver crash at step 6");
                }
            }
        };
        Trainer crashed = trainer(3, log, crash, everyRound(hdfsRoot + "/split")).build();
        assertThrows(IllegalStateException.class, () -> crashed.fit(model(), data()));

        Trainer resumed = trainer(3, log, everyRound(hdfsRoot + "/split")).build();
        resumed.fit(model(), data(), hdfsRoot + "/split/last.ckpt");

        assertArrayEquals(full.network().params().data().asFloat(), resumed.network().params().data().asFloat());
        assertArrayEquals(full.network().updaterState().data().asFloat(), resumed.network().updaterState().data().asFloat());
        assertEquals(withoutTimings(fullLog.rows()), withoutTimings(log.rows()), "the same rows, wall-clock timings aside");
        assertEquals(withoutTimings(full.callbackMetrics()), withoutTimings(resumed.callbackMetrics()));
    }

    /** Metrics without the round timing breakdown ({@code round_*_s}), which is wall-clock time. */
    private static Map<String, Double> withoutTimings(Map<String, Double> metrics) {
        Map<String, Double> kept = new LinkedHashMap<>(metrics);
        kept.keySet().removeIf(name -> name.startsWith("round_"));
        return kept;
    }

    private static List<MemoryLogger.Row> withoutTimings(List<MemoryLogger.Row> rows) {
        return rows.stream().map(row -> new MemoryLogger.Row(row.step(), withoutTimings(row.metrics()))).toList();
    }

    @Test
    void resumeAtAnEpochBoundaryEndsBitIdentical() {
        Trainer full = trainer(2, new MemoryLogger(), ModelCheckpoint.builder().dirPath(hdfsRoot + "/e-full").build()).build();
        full.fit(model(), data());

        String dir = hdfsRoot + "/e-split";
        trainer(1, new MemoryLogger(), ModelCheckpoint.builder().dirPath(dir).build()).build().fit(model(), data());
        Trainer resumed = trainer(2, new MemoryLogger(), ModelCheckpoint.builder().dirPath(dir).build()).build();
        resumed.fit(model(), data(), "last");

        assertArrayEquals(full.network().params().data().asFloat(), resumed.network().params().data().asFloat());
        assertEquals(List.of("epoch=1-step=8.ckpt"), Storage.list(Storage.path(dir)));
    }

    @Test
    void storageSeesTheSparkHadoopSettingsOnDriverAndExecutors() {
        assertEquals("from-spark-conf", Storage.configuration().get("sparkbolt.test.marker"));
        assertEquals(List.of("from-spark-conf", "from-spark-conf"), spark.parallelize(List.of(1, 2), 2)
                .map(x -> Storage.configuration().get("sparkbolt.test.marker")).collect());
    }

    @Test
    void aFailedWriteOnHdfsLeavesThePreviousCheckpointIntact() {
        String dir = hdfsRoot + "/failing";
        Trainer trainer = trainer(1, new MemoryLogger(), ModelCheckpoint.builder().dirPath(dir).saveLast(true).build()).build();
        trainer.fit(model(), data());
        org.apache.hadoop.fs.Path last = Storage.path(dir + "/last.ckpt");
        long step = CheckpointIO.read(last).state().globalStep();

        SparkboltException error = assertThrows(SparkboltException.class, () -> Storage.writeAtomically(last, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full (injected)");
        }));
        assertTrue(error.getMessage().contains("disk full"), error.getMessage());
        assertEquals(step, CheckpointIO.read(last).state().globalStep(), "the good checkpoint is untouched");
        assertFalse(Storage.list(Storage.path(dir)).stream().anyMatch(name -> name.endsWith(".tmp")), "no temporary file is left");
    }
}
