package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Batch;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batches of one shard: its rows of the shard's split, read once into flat float buffers (a
 * shard is a bounded byte range), optionally shuffled, cut into batches and normalised with the
 * module's fitted normaliser.
 */
final class CsvBatches implements Iterator<Batch> {
    private final float[] features;
    private final float[] labels;
    private final int featureWidth;
    private final int labelWidth;
    private final int[] order;
    private final int batchSize;
    private final DataNormalization normalizer;
    private int position;

    private CsvBatches(float[] features, float[] labels, int rows, CsvLayout layout, int batchSize,
                       DataNormalization normalizer, Random shuffle) {
        this.features = features;
        this.labels = labels;
        this.featureWidth = layout.numFeatures();
        this.labelWidth = layout.labelWidth();
        this.batchSize = batchSize;
        this.normalizer = normalizer;
        this.order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (shuffle != null) {
            for (int i = rows - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
    }

    /** Reads {@code shard}'s rows; {@code shuffle} reorders them ({@code null}: file order). */
    static CsvBatches read(CsvShard shard, CsvReading reading, int batchSize, DataNormalization normalizer, Random shuffle) {
        CsvLayout layout = reading.layout();
        int capacity = (int) Math.max(16, Math.min(shard.rows() >= 0 ? shard.rows() : 1024, Integer.MAX_VALUE / Math.max(1, layout.numFeatures())));
        float[] features = new float[capacity * layout.numFeatures()];
        float[] labels = new float[capacity * layout.labelWidth()];
        int rows = 0;
        try (CsvRows reader = new CsvRows(shard, reading)) {
            while (reader.next(shard.split())) {
                if (rows == capacity) {
                    capacity = capacity * 2;
                    features = Arrays.copyOf(features, capacity * layout.numFeatures());
                    labels = Arrays.copyOf(labels, capacity * layout.labelWidth());
                }
                System.arraycopy(reader.features(), 0, features, rows * layout.numFeatures(), layout.numFeatures());
                System.arraycopy(reader.label(), 0, labels, rows * layout.labelWidth(), layout.labelWidth());
                rows++;
            }
        }
        return new CsvBatches(features, labels, rows, layout, batchSize, normalizer, shuffle);
    }

    @Override
    public boolean hasNext() {
        return position < order.length;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int size = Math.min(batchSize, order.length - position);
        float[] x = new float[size * featureWidth];
        float[] y = new float[size * labelWidth];
        for (int i = 0; i < size; i++) {
            int row = order[position + i];
            System.arraycopy(features, row * featureWidth, x, i * featureWidth, featureWidth);
            System.arraycopy(labels, row * labelWidth, y, i * labelWidth, labelWidth);
        }
        position += size;
        INDArray featureArray = Nd4j.create(x, new long[] {size, featureWidth}, 'c');
        INDArray labelArray = Nd4j.create(y, new long[] {size, labelWidth}, 'c');
        DataSet batch = new DataSet(featureArray, labelArray);
        if (normalizer != null) {
            normalizer.preProcess(batch);
        }
        return Batch.of(batch);
    }
}
