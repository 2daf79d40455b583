package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.SparkboltException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** MNIST images and labels held as raw bytes; batches are built from them on demand. */
final class MnistImages {
    private final IdxFile images;
    private final IdxFile labels;

    private MnistImages(IdxFile images, IdxFile labels) {
        this.images = images;
        this.labels = labels;
    }

    static MnistImages load(MnistFiles files, String imagesName, String labelsName) {
        IdxFile images = IdxFile.read(files.open(imagesName), IdxFile.IMAGES_MAGIC, imagesName);
        IdxFile labels = IdxFile.read(files.open(labelsName), IdxFile.LABELS_MAGIC, labelsName);
        if (images.count != labels.count) {
            throw new SparkboltException(imagesName + " has " + images.count + " images but " + labelsName
                    + " has " + labels.count + " labels");
        }
        for (int i = 0; i < labels.count; i++) {
            if (labels.data[i] < 0 || labels.data[i] > 9) {
                throw new SparkboltException(labelsName + ": label " + labels.data[i] + " of item " + i + " is outside 0..9");
            }
        }
        return new MnistImages(images, labels);
    }

    int count() {
        return images.count;
    }

    /** Batches of the examples at {@code indices}, in that order; the last one may be smaller. */
    Iterator<Batch> batches(int[] indices, int batchSize, int classes) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < indices.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int size = Math.min(batchSize, indices.length - next);
                Batch batch = batch(indices, next, size, classes);
                next += size;
                return batch;
            }
        };
    }

    private Batch batch(int[] indices, int from, int size, int classes) {
        int width = images.itemSize;
        float[] features = new float[size * width];
        float[] oneHot = new float[size * classes];
        for (int row = 0; row < size; row++) {
            int example = indices[from + row];
            int source = example * width;
            int target = row * width;
            for (int pixel = 0; pixel < width; pixel++) {
                features[target + pixel] = (images.data[source + pixel] & 0xFF) / 255f;
            }
            oneHot[row * classes + labels.data[example]] = 1f;
        }
        return Batch.of(matrix(features, size, width), matrix(oneHot, size, classes));
    }

    /** A row-major matrix over a copy of {@code values}, made with one bulk copy (Nd4j.create(float[], shape) copies value by value). */
    private static INDArray matrix(float[] values, int rows, int columns) {
        return Nd4j.create(Nd4j.createBuffer(values), new long[] {rows, columns}, new long[] {columns, 1}, 0, 'c', DataType.FLOAT);
    }
}
