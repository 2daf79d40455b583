package io.sparkbolt.ml;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's transform of one partition, on its executor: the rows are read in batches, each batch's
 * features go through the broadcast network at once, and every row comes back with the model's
 * columns appended, in the partition's order. Nothing reaches the driver. The network is borrowed
 * from the executor's {@link InferencePool}, so it is restored once per task slot, not per partition.
 */
final class FrameInference implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    /** Rows per forward pass: large enough to keep the network busy, small enough to bound memory. */
    static final int BATCH_ROWS = 1024;

    private final Broadcast<TrainedNetwork> network;
    private final OutputColumns columns;
    private final int featuresIndex;
    private final int width;

    FrameInference(Broadcast<TrainedNetwork> network, OutputColumns columns, int featuresIndex, int width) {
        this.network = network;
        this.columns = columns;
        this.featuresIndex = featuresIndex;
        this.width = width;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        TrainedNetwork.Inference inference = InferencePool.borrow(network.value());
        return new Iterator<>() {
            private final List<Row> done = new ArrayList<>();
            private int position;

            @Override
            public boolean hasNext() {
                return position < done.size() || rows.hasNext();
            }

            @Override
            public Row next() {
                if (position == done.size()) {
                    if (!rows.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    fill();
                }
                return done.get(position++);
            }

            private void fill() {
                List<Row> batch = new ArrayList<>(BATCH_ROWS);
                while (rows.hasNext() && batch.size() < BATCH_ROWS) {
                    batch.add(rows.next());
                }
                float[] features = new float[batch.size() * width];
                for (int r = 0; r < batch.size(); r++) {
                    copyFeatures(batch.get(r), features, r * width);
                }
                INDArray outputs = inference.outputs(Nd4j.create(features, new long[] {batch.size(), width}, 'c'));
                float[] flat = outputs.dup('c').data().asFloat();
                int outputWidth = (int) outputs.size(1);
                done.clear();
                position = 0;
                for (int r = 0; r < batch.size(); r++) {
                    float[] row = new float[outputWidth];
                    System.arraycopy(flat, r * outputWidth, row, 0, outputWidth);
                    done.add(appended(batch.get(r), columns.values(row)));
                }
            }
        };
    }

    private void copyFeatures(Row row, float[] into, int at) {
        Object value = row.get(featuresIndex);
        if (value == null) {
            throw new IllegalArgumentException("SparkboltModel: a row has a null features value (column " + featuresIndex + ")");
        }
        if (value instanceof Vector vector) {
            if (vector.size() != width) {
                throw new IllegalArgumentException("SparkboltModel: a features vector has " + vector.size() + " values, the network takes " + width);
            }
            double[] dense = vector.toArray();
            for (int i = 0; i < width; i++) {
                into[at + i] = (float) dense[i];
            }
            return;
        }
        List<?> list = value instanceof scala.collection.Seq<?> seq ? io.sparkbolt.trainer.spark.ScalaInterop.toJavaList(seq) : (List<?>) value;
        if (list.size() != width) {
            throw new IllegalArgumentException("SparkboltModel: a features array has " + list.size() + " values, the network takes " + width);
        }
        for (int i = 0; i < width; i++) {
            into[at + i] = ((Number) list.get(i)).floatValue();
        }
    }

    private static Row appended(Row row, Object[] values) {
        Object[] all = new Object[row.length() + values.length];
        for (int i = 0; i < row.length(); i++) {
            all[i] = row.get(i);
        }
        System.arraycopy(values, 0, all, row.length(), values.length);
        return RowFactory.create(all);
    }
}
