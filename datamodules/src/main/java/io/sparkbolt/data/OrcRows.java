package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.Decimal64ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DecimalColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ListColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.StructColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.apache.orc.TypeDescription;

/**
 * The good rows of one {@link OrcShard}, read in place with orc-core: only the shard's stripes and
 * only the columns the example needs, in ORC's column batches, decoded into reused arrays. The
 * same values and checks as {@link ParquetRows}: numbers of any numeric type, Spark ML vectors
 * (Spark stores them as a struct of type, size, indices and values) and lists of numbers.
 */
final class OrcRows extends RowReader {
    private final OrcShard shard;
    private final FrameReading reading;
    private final Reader reader;
    private final RecordReader rows;
    private final VectorizedRowBatch batch;
    private final int[] fields;
    private final float[] features;
    private int position;
    private long row;

    OrcRows(OrcShard shard, FrameReading reading) {
        super(reading.owner(), reading.onBadRow(), reading.columns().numFeatures(), reading.columns().labelWidth());
        this.shard = shard;
        this.reading = reading;
        this.features = features();
        this.reader = OrcFiles.open(reading.owner(), shard.file());
        TypeDescription schema = reader.getSchema();
        this.fields = fieldIndexes(schema, reading.columns().names(), shard.file());
        try {
            this.rows = reader.rows(reader.options().range(shard.offset(), shard.length()).include(OrcFiles.include(schema, fields)));
        } catch (IOException e) {
            throw new SparkboltException(reading.owner() + ": cannot read ORC file " + shard.file() + ": " + e.getMessage(), e);
        }
        this.batch = schema.createRowBatch(1024);
        this.row = shard.firstRow();
    }

    /** The top-level field of each name (matched exactly, else ignoring case as Spark does). */
    static int[] fieldIndexes(TypeDescription schema, List<String> names, String file) {
        List<String> fieldNames = schema.getFieldNames();
        int[] indexes = new int[names.size()];
        for (int n = 0; n < names.size(); n++) {
            String name = names.get(n);
            int index = fieldNames.indexOf(name);
            for (int i = 0; index < 0 && i < fieldNames.size(); i++) {
                if (fieldNames.get(i).equalsIgnoreCase(name)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new MissingColumnException("column '" + name + "' is not in ORC file " + file);
            }
            indexes[n] = index;
        }
        return indexes;
    }

    @Override
    boolean next(Split wanted) {
        while (true) {
            if (position == batch.size) {
                if (!nextBatch()) {
                    return false;
                }
                continue;
            }
            int at = position++;
            long index = row++;
            Split rowSplit = reading.splitter().splitOf(Split.TRAIN, shard.fileKey(), index);
            if (take(rowSplit, wanted, (values, label) -> decode(at, label), () -> shard.file() + " row " + index)) {
                return true;
            }
        }
    }

    private boolean nextBatch() {
        try {
            position = 0;
            return rows.nextBatch(batch);
        } catch (IOException e) {
            throw new SparkboltException(reading.owner() + ": cannot read ORC file " + shard.file() + ": " + e.getMessage(), e);
        }
    }

    private void decode(int at, float[] label) throws BadRowException {
        FrameColumns columns = reading.columns();
        int offset = 0;
        int field = 0;
        for (FrameColumns.Feature feature : columns.features()) {
            ColumnVector vector = batch.cols[fields[field++]];
            switch (feature.kind()) {
                case NUMBER -> {
                    String name = columns.valueName(feature, offset, 0);
                    features[offset] = finite(number(vector, at, name), name);
                }
                case ARRAY -> copy(list(vector, at, feature.name()), feature, offset);
                case VECTOR -> mlVector(vector, at, feature, offset);
            }
            offset += feature.width();
        }
        float target = (float) number(batch.cols[fields[field]], at, columns.label());
        if (!Float.isFinite(target)) {
            throw new BadRowException("nonfinite", "column '" + columns.label() + "': target is " + target + ", not a finite number");
        }
        if (columns.regression()) {
            label[0] = target;
        } else {
            ClassLabels.oneHot(target, columns.numClasses(), label, "column '" + columns.label() + "'");
        }
        if (columns.hasId()) {
            rowId(text(batch.cols[fields[field + 1]], at, columns.idName()));
        }
    }

    /** A row id's text: an integer's or decimal's digits, a string's characters. */
    private static String text(ColumnVector column, int at, String name) throws BadRowException {
        int i = column.isRepeating ? 0 : at;
        if (!column.noNulls && column.isNull[i]) {
            throw new BadRowException("missing", "column '" + name + "' is null");
        }
        if (column instanceof LongColumnVector longs) {
            return Long.toString(longs.vector[i]);
        }
        if (column instanceof BytesColumnVector bytes) {
            return bytes.toString(i);
        }
        if (column instanceof DoubleColumnVector doubles) {
            return Double.toString(doubles.vector[i]);
        }
        if (column instanceof DecimalColumnVector decimals) {
            return decimals.vector[i].toString();
        }
        if (column instanceof Decimal64ColumnVector decimal) {
            return java.math.BigDecimal.valueOf(decimal.vector[i], decimal.scale).toPlainString();
        }
        throw new BadRowException("columns", "column '" + name + "' is " + column.type + ", not a number or a string");
    }

    private void copy(double[] values, FrameColumns.Feature feature, int offset) throws BadRowException {
        if (values.length != feature.width()) {
            throw new BadRowException("columns", "column '" + feature.name() + "' has " + values.length + " values, expected " + feature.width());
        }
        for (int i = 0; i < values.length; i++) {
            features[offset + i] = finite(values[i], reading.columns().valueName(feature, offset + i, i));
        }
    }

    /** A Spark ML vector: {@code type} 1 dense ({@code values}), 0 sparse ({@code size}, {@code indices}, {@code values}). */
    private void mlVector(ColumnVector column, int at, FrameColumns.Feature feature, int offset) throws BadRowException {
        int i = column.isRepeating ? 0 : at;
        if (!column.noNulls && column.isNull[i]) {
            throw new BadRowException("missing", "column '" + feature.name() + "' is null");
        }
        if (!(column instanceof StructColumnVector struct)) {
            throw new BadRowException("columns", "column '" + feature.name() + "' is not an ML vector struct");
        }
        List<String> names = reader.getSchema().getChildren().get(fields[reading.columns().features().indexOf(feature)]).getFieldNames();
        ColumnVector values = struct.fields[names.indexOf("values")];
        if ((int) number(struct.fields[names.indexOf("type")], i, feature.name() + ".type") == 1) {
            copy(list(values, i, feature.name()), feature, offset);
            return;
        }
        int size = (int) number(struct.fields[names.indexOf("size")], i, feature.name() + ".size");
        if (size != feature.width()) {
            throw new BadRowException("columns", "column '" + feature.name() + "' has " + size + " values, expected " + feature.width());
        }
        double[] indices = list(struct.fields[names.indexOf("indices")], i, feature.name() + ".indices");
        double[] nonZero = list(values, i, feature.name());
        Arrays.fill(features, offset, offset + size, 0f);
        for (int k = 0; k < indices.length; k++) {
            int index = (int) indices[k];
            if (index < 0 || index >= size) {
                throw new BadRowException("columns", "column '" + feature.name() + "': sparse index " + index + " outside [0, " + size + ")");
            }
            features[offset + index] = finite(nonZero[k], reading.columns().valueName(feature, offset + index, index));
        }
    }

    private static double[] list(ColumnVector column, int at, String name) throws BadRowException {
        int i = column.isRepeating ? 0 : at;
        if (!column.noNulls && column.isNull[i]) {
            throw new BadRowException("missing", "column '" + name + "' is null");
        }
        if (!(column instanceof ListColumnVector list)) {
            throw new BadRowException("columns", "column '" + name + "' is not a list of numbers");
        }
        double[] values = new double[(int) list.lengths[i]];
        for (int k = 0; k < values.length; k++) {
            values[k] = number(list.child, (int) list.offsets[i] + k, name + "[" + k + "]");
        }
        return values;
    }

    /** The number at row {@code at} of {@code column}, of any ORC numeric type (decimals and booleans too). */
    private static double number(ColumnVector column, int at, String name) throws BadRowException {
        int i = column.isRepeating ? 0 : at;
        if (!column.noNulls && column.isNull[i]) {
            throw new BadRowException("missing", "column '" + name + "' is null");
        }
        if (column instanceof Decimal64ColumnVector decimal) {
            return decimal.vector[i] / Math.pow(10, decimal.scale);
        }
        if (column instanceof LongColumnVector longs) {
            return longs.vector[i];
        }
        if (column instanceof DoubleColumnVector doubles) {
            return doubles.vector[i];
        }
        if (column instanceof DecimalColumnVector decimals) {
            return decimals.vector[i].doubleValue();
        }
        throw new BadRowException("columns", "column '" + name + "' is " + column.type + ", not a number");
    }

    private static float finite(double value, String name) throws BadRowException {
        if (!Double.isFinite(value)) {
            throw new BadRowException("nonfinite", "column '" + name + "': feature is " + value + ", not a finite number");
        }
        return (float) value;
    }

    @Override
    public void close() {
        try {
            rows.close();
            reader.close();
        } catch (IOException e) {
            // a read-only file: nothing was left unwritten
        }
    }
}
