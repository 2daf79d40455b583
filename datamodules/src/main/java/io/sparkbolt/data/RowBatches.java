package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.RowIds;
import io.sparkbolt.trainer.api.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batches of one shard: its rows of the shard's split, read once into flat float buffers (a
 * shard is bounded: a byte range, a few row groups), optionally shuffled, cut into batches and
 * normalised with the module's fitted normaliser, each with its rows' ids when the data has an id
 * column. Any {@link RowReader} feeds it.
 */
final class RowBatches implements Iterator<Batch> {
    private final float[] features;
    private final float[] labels;
    private final int featureWidth;
    private final int labelWidth;
    private final int[] order;
    private final int batchSize;
    private final DataNormalization normalizer;
    private final String idColumn;
    private final String[] ids;
    private int position;

    private RowBatches(float[] features, float[] labels, String idColumn, String[] ids, int rows, int featureWidth, int labelWidth,
                       int batchSize, DataNormalization normalizer, Random shuffle) {
        this.features = features;
        this.labels = labels;
        this.idColumn = idColumn;
        this.ids = ids;
        this.featureWidth = featureWidth;
        this.labelWidth = labelWidth;
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

    /**
     * Reads the rows of split {@code split} from {@code reader} ({@code expectedRows} of them, -1 if
     * unknown); {@code shuffle} reorders them ({@code null}: file order). With an {@code idColumn}
     * (its name; {@code null}: none) every batch carries its rows' ids.
     */
    static RowBatches read(RowReader reader, Split split, long expectedRows, int featureWidth, int labelWidth, String idColumn,
                           int batchSize, DataNormalization normalizer, Random shuffle) {
        int capacity = (int) Math.max(16, Math.min(expectedRows >= 0 ? expectedRows : 1024, Integer.MAX_VALUE / Math.max(1, featureWidth)));
        float[] features = new float[capacity * featureWidth];
        float[] labels = new float[capacity * labelWidth];
        String[] ids = idColumn != null ? new String[capacity] : null;
        int rows = 0;
        try (RowReader rowsRead = reader) {
            while (rowsRead.next(split)) {
                if (rows == capacity) {
                    capacity = capacity * 2;
                    features = Arrays.copyOf(features, capacity * featureWidth);
                    labels = Arrays.copyOf(labels, capacity * labelWidth);
                    ids = ids != null ? Arrays.copyOf(ids, capacity) : null;
                }
                System.arraycopy(rowsRead.features(), 0, features, rows * featureWidth, featureWidth);
                System.arraycopy(rowsRead.label(), 0, labels, rows * labelWidth, labelWidth);
                if (ids != null) {
                    ids[rows] = rowsRead.id();
                }
                rows++;
            }
        }
        return new RowBatches(features, labels, idColumn, ids, rows, featureWidth, labelWidth, batchSize, normalizer, shuffle);
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
        List<String> batchIds = ids != null ? new ArrayList<>(size) : null;
        for (int i = 0; i < size; i++) {
            int row = order[position + i];
            System.arraycopy(features, row * featureWidth, x, i * featureWidth, featureWidth);
            System.arraycopy(labels, row * labelWidth, y, i * labelWidth, labelWidth);
            if (batchIds != null) {
                batchIds.add(ids[row]);
            }
        }
        position += size;
        INDArray featureArray = Nd4j.create(x, new long[] {size, featureWidth}, 'c');
        INDArray labelArray = Nd4j.create(y, new long[] {size, labelWidth}, 'c');
        DataSet batch = new DataSet(featureArray, labelArray);
        if (normalizer != null) {
            normalizer.preProcess(batch);
        }
        return batchIds != null ? Batch.of(batch).withIds(new RowIds(idColumn, batchIds)) : Batch.of(batch);
    }
}
