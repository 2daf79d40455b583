package io.sparkbolt.trainer.api;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One mini-batch: features, labels and optional masks, for networks with one input and output
 * ({@link #dataSet()}) or several ({@link #multiDataSet()}), and optionally the rows' ids
 * ({@link #ids()}).
 */
public final class Batch {
    private final DataSet dataSet;
    private final MultiDataSet multiDataSet;
    private final RowIds ids;

    private Batch(DataSet dataSet, MultiDataSet multiDataSet, RowIds ids) {
        this.dataSet = dataSet;
        this.multiDataSet = multiDataSet;
        this.ids = ids;
    }

    private Batch(DataSet dataSet, MultiDataSet multiDataSet) {
        this(dataSet, multiDataSet, null);
    }

    /** This batch with its rows' ids (one per example, in order): the key its predictions are written with. */
    public Batch withIds(RowIds rowIds) {
        if (rowIds != null && rowIds.values().size() != size()) {
            throw new IllegalArgumentException(rowIds.values().size() + " ids for a batch of " + size() + " examples");
        }
        return new Batch(dataSet, multiDataSet, rowIds);
    }

    /** The rows' ids from the data module's id column, when it has one. */
    public Optional<RowIds> ids() {
        return Optional.ofNullable(ids);
    }

    /** A batch for a network with one input and one output. */
    public static Batch of(DataSet dataSet) {
        return new Batch(dataSet, null);
    }

    /** A batch for a network with one input and one output. */
    public static Batch of(INDArray features, INDArray labels) {
        return new Batch(new DataSet(features, labels), null);
    }

    /** A batch for a multi-input or multi-output computation graph. */
    public static Batch of(MultiDataSet multiDataSet) {
        return new Batch(null, multiDataSet);
    }

    /** Number of examples in the batch. */
    public int size() {
        return (int) (dataSet != null ? dataSet.getFeatures().size(0) : multiDataSet.getFeatures(0).size(0));
    }

    /** Whether this batch has exactly one features and one labels array. */
    public boolean isSingle() {
        return dataSet != null;
    }

    /** The batch as a DL4J {@link DataSet}; fails for multi-input batches. */
    public DataSet dataSet() {
        if (dataSet == null) {
            throw new IllegalStateException("this batch has " + multiDataSet.numFeatureArrays()
                    + " inputs and " + multiDataSet.numLabelsArrays() + " outputs; use multiDataSet()");
        }
        return dataSet;
    }

    /** The batch as a DL4J {@link MultiDataSet} (a single batch is wrapped). */
    public MultiDataSet multiDataSet() {
        return multiDataSet != null ? multiDataSet : dataSet.toMultiDataSet();
    }

    /** Features of a single-input batch. */
    public INDArray features() {
        return dataSet().getFeatures();
    }

    /** Labels of a single-output batch. */
    public INDArray labels() {
        return dataSet().getLabels();
    }
}
