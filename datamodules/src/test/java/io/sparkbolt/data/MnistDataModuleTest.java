package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MnistDataModule over the real idx files in data/mnist. */
class MnistDataModuleTest {
    static final String DIR = "../data/mnist";
    private static MnistDataModule data;

    @BeforeAll
    static void load() {
        data = new MnistDataModule(DIR, 64, 5000, MnistDataModule.DEFAULT_URL, 42, 4);
        data.prepareData();
        data.setup(Stage.FIT);
        data.setup(Stage.TEST);
    }

    private static long examples(Split split) {
        return data.shards(split).stream().mapToLong(Shard::numExamples).sum();
    }

    @Test
    void splitsHoldOutValidationFromTheTrainingFile() {
        assertEquals(55000, examples(Split.TRAIN));
        assertEquals(5000, examples(Split.VAL));
        assertEquals(10000, examples(Split.TEST));
        assertEquals(4, data.shards(Split.TRAIN).size());
    }

    @Test
    void batchesAreScaledImagesWithOneHotLabels() {
        Batch batch = data.open(data.shards(Split.TEST).get(0), new ShardRead(Split.TEST, 0, 42, false, 0)).next();
        assertArrayEquals(new long[] {64, 784}, batch.features().shape());
        assertArrayEquals(new long[] {64, 10}, batch.labels().shape());
        assertTrue(batch.features().minNumber().doubleValue() >= 0 && batch.features().maxNumber().doubleValue() <= 1);
        assertEquals(64.0, batch.labels().sumNumber().doubleValue());
        assertEquals(7, batch.labels().getRow(0).argMax().getInt(0), "the first t10k digit is a 7");
    }

    @Test
    void validationIsDisjointFromTraining() {
        Set<String> val = new HashSet<>();
        for (Shard shard : data.shards(Split.VAL)) {
            data.open(shard, new ShardRead(Split.VAL, 0, 1, false, 0))
                    .forEachRemaining(b -> collect(b, val));
        }
        Set<String> train = new HashSet<>();
        for (Shard shard : data.shards(Split.TRAIN)) {
            data.open(shard, new ShardRead(Split.TRAIN, 0, 1, false, 0)).forEachRemaining(b -> collect(b, train));
        }
        int overlap = 0;
        for (String image : val) {
            if (train.contains(image)) {
                overlap++;
            }
        }
        // MNIST has a handful of duplicate images; a leaked hold-out would overlap by thousands
        assertTrue(overlap < 20, "overlap " + overlap);
    }

    private static void collect(Batch batch, Set<String> into) {
        float[] pixels = batch.features().data().asFloat();
        for (int i = 0; i < batch.size(); i++) {
            into.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784)));
        }
    }

    @Test
    void trainingOrderIsSeededPerEpoch() {
        Shard shard = data.shards(Split.TRAIN).get(0);
        float[] epoch0 = first(shard, 0);
        assertArrayEquals(epoch0, first(shard, 0), "same epoch, same order");
        assertFalse(java.util.Arrays.equals(epoch0, first(shard, 1)), "next epoch, new order");
    }

    private static float[] first(Shard shard, int epoch) {
        return data.open(shard, new ShardRead(Split.TRAIN, epoch, 42, true, 0)).next().features().data().asFloat();
    }

    @Test
    void missingFilesAreReportedWithTheirPath(@TempDir Path empty) {
        MnistDataModule missing = new MnistDataModule(empty.toString(), 64);
        SparkboltException error = assertThrows(SparkboltException.class, () -> missing.shards(Split.TRAIN));
        assertTrue(error.getMessage().contains("train-labels-idx1-ubyte.gz is missing"), error.getMessage());
    }

    @Test
    void aFileOfTheWrongKindIsRejected(@TempDir Path dir) throws Exception {
        for (String name : MnistFiles.ALL) {
            Files.copy(Path.of(DIR, name), dir.resolve(name));
        }
        Files.copy(Path.of(DIR, MnistFiles.TEST_IMAGES), dir.resolve(MnistFiles.TRAIN_LABELS),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        MnistDataModule swapped = new MnistDataModule(dir.toString(), 64);
        SparkboltException error = assertThrows(SparkboltException.class, () -> swapped.setup(Stage.FIT));
        assertTrue(error.getMessage().startsWith("train-labels-idx1-ubyte.gz: not an idx label file"), error.getMessage());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(SparkboltException.class, () -> new MnistDataModule(DIR, 0));
        SparkboltException tooBig = assertThrows(SparkboltException.class,
                () -> new MnistDataModule(DIR, 64, 60000, MnistDataModule.DEFAULT_URL, 1, 1).shards(Split.TRAIN));
        assertTrue(tooBig.getMessage().contains("valSize=60000 leaves no training data"));
    }

    @Test
    void lastBatchOfAShardIsPartial() {
        Shard shard = data.shards(Split.TEST).get(0); // 2500 examples: 39 full batches and one of 4
        Iterator<Batch> batches = data.open(shard, new ShardRead(Split.TEST, 0, 42, false, 0));
        int count = 0;
        Batch last = null;
        while (batches.hasNext()) {
            last = batches.next();
            count++;
        }
        assertEquals(40, count);
        assertEquals(4, last.size());
        assertEquals(List.of(2500L), List.of(shard.numExamples()));
    }
}
