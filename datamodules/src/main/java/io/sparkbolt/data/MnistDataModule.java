package io.sparkbolt.data;

import io.sparkbolt.data.MnistShard.MnistPart;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * MNIST from its four idx gzip files in a directory or Hadoop URI ({@code data/mnist},
 * {@code hdfs:///datasets/mnist}). {@link #prepareData()} downloads missing files from
 * {@code url} and checks their SHA-256. {@code valSize} training images, chosen by {@code seed},
 * are held out for validation; the test split (and predict) is the t10k file. Training examples
 * are reshuffled every epoch. Pixels are scaled to [0, 1]; labels are one-hot over 10 classes.
 */
public final class MnistDataModule extends DataModule {
    private static final long serialVersionUID = 1L;

    /** Where missing files are downloaded from by default. */
    public static final String DEFAULT_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/";
    private static final int CLASSES = 10;

    private final String dir;
    private final int batchSize;
    private final int valSize;
    private final String url;
    private final long seed;
    private final int numShards;
    private transient MnistImages train;
    private transient MnistImages test;
    private transient int[] holdoutOrder;

    /**
     * @param dir       directory or Hadoop URI holding the idx files
     * @param batchSize examples per batch
     * @param valSize   training images held out for validation
     * @param url       base URL to download missing files from
     * @param seed      seed of the validation hold-out
     * @param numShards shards per split, so that distributed strategies can spread them
     */
    public MnistDataModule(@Arg(value = "dir", description = "directory or Hadoop URI of the four MNIST idx .gz files") String dir,
                           @Arg(value = "batchSize", defaultValue = "64", description = "examples per batch") int batchSize,
                           @Arg(value = "valSize", defaultValue = "5000", description = "training images held out for validation (seeded)") int valSize,
                           @Arg(value = "url", defaultValue = DEFAULT_URL, description = "base URL missing files are downloaded from") String url,
                           @Arg(value = "seed", defaultValue = "42", description = "seed of the validation hold-out") long seed,
                           @Arg(value = "numShards", defaultValue = "1", description = "shards per split (one per Spark partition)") int numShards) {
        if (dir == null || dir.isBlank()) {
            throw new SparkboltException("MnistDataModule: dir must be a directory or Hadoop URI");
        }
        if (batchSize <= 0) {
            throw new SparkboltException("MnistDataModule: batchSize must be > 0, got " + batchSize);
        }
        if (valSize < 0) {
            throw new SparkboltException("MnistDataModule: valSize must be >= 0, got " + valSize);
        }
        if (numShards <= 0) {
            throw new SparkboltException("MnistDataModule: numShards must be > 0, got " + numShards);
        }
        this.dir = dir;
        this.batchSize = batchSize;
        this.valSize = valSize;
        this.url = url;
        this.seed = seed;
        this.numShards = numShards;
        saveHyperparameters(dir, batchSize, valSize, url, seed, numShards);
    }

    /** MNIST in {@code dir} with the default hold-out (5000 images) and one shard per split. */
    public MnistDataModule(String dir, int batchSize) {
        this(dir, batchSize, 5000, DEFAULT_URL, 42, 1);
    }

    private MnistFiles files() {
        return new MnistFiles(dir, url);
    }

    @Override
    public void prepareData() {
        files().downloadMissing();
    }

    @Override
    public void setup(Stage stage) {
        MnistFiles files = files();
        if (stage == Stage.FIT || stage == Stage.VALIDATE) {
            if (train == null) {
                train = MnistImages.load(files, MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS);
                holdoutOrder = holdoutOrder(train.count());
            }
        } else if (test == null) {
            test = MnistImages.load(files, MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS);
        }
    }

    @Override
    public void teardown(Stage stage) {
        train = null;
        test = null;
        holdoutOrder = null;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Optional<DataShape> shape() {
        return Optional.of(new DataShape(28 * 28, CLASSES));
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        return switch (split) {
            case TRAIN -> ranges(MnistPart.TRAIN, trainCount() - valSize);
            case VAL -> ranges(MnistPart.VAL, valSize);
            case TEST, PREDICT -> ranges(MnistPart.TEST, testCount());
        };
    }

    /** The number of training-file examples, from the label file's header (no data is loaded). */
    private int trainCount() {
        int count = IdxFile.readCount(files().open(MnistFiles.TRAIN_LABELS), IdxFile.LABELS_MAGIC, MnistFiles.TRAIN_LABELS);
        if (valSize >= count) {
            throw new SparkboltException("MnistDataModule: valSize=" + valSize + " leaves no training data out of " + count + " images");
        }
        return count;
    }

    private int testCount() {
        return IdxFile.readCount(files().open(MnistFiles.TEST_LABELS), IdxFile.LABELS_MAGIC, MnistFiles.TEST_LABELS);
    }

    /** {@code total} examples cut into {@code numShards} contiguous ranges of near-equal size. */
    private List<MnistShard> ranges(MnistPart part, int total) {
        List<MnistShard> shards = new ArrayList<>();
        int parts = Math.min(numShards, Math.max(total, 1));
        for (int i = 0; i < parts && total > 0; i++) {
            shards.add(new MnistShard(part, (int) ((long) total * i / parts), (int) ((long) total * (i + 1) / parts)));
        }
        return shards;
    }

    /** The training-file indices in hold-out order: the first {@code valSize} are validation. */
    private int[] holdoutOrder(int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        shuffle(order, new Random(seed));
        return order;
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        MnistShard range = (MnistShard) shard;
        int[] indices = new int[range.to() - range.from()];
        MnistImages images;
        if (range.part() == MnistPart.TEST) {
            images = requireLoaded(test, "test");
            for (int i = 0; i < indices.length; i++) {
                indices[i] = range.from() + i;
            }
        } else {
            images = requireLoaded(train, "train");
            int offset = range.part() == MnistPart.TRAIN ? valSize : 0;
            System.arraycopy(holdoutOrder, offset + range.from(), indices, 0, indices.length);
        }
        if (read.shuffle() && read.split() == Split.TRAIN) {
            shuffle(indices, new Random(read.shuffleSeed()));
        }
        return images.batches(indices, batchSize, CLASSES);
    }

    private static MnistImages requireLoaded(MnistImages images, String part) {
        if (images == null) {
            throw new IllegalStateException("MNIST " + part + " files are not loaded: setup(stage) must run in this JVM first");
        }
        return images;
    }
}
