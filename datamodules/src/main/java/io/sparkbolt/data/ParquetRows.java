package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The good rows of one {@link ParquetShard}, read in place with parquet-hadoop: only the row groups
 * of the shard and only the columns the example needs are read (a column projection), and each
 * record is decoded into reused feature and label arrays. Numbers of any Parquet numeric type
 * (decimals and booleans too), Spark ML vectors (dense and sparse) and lists of numbers. A null, a
 * non-finite number, a vector or list of the wrong length, or a label that is not a class fails the
 * read with the file, row and column, or is counted and passed over under {@code onBadRow: skip}.
 */
final class ParquetRows extends RowReader {
    private final ParquetShard shard;
    private final FrameReading reading;
    private final ParquetFileReader reader;
    private final MessageType fileSchema;
    private final MessageType projection;
    private final float[] features;
    private int rowGroupsLeft;
    private RecordReader<Group> records;
    private long recordsLeftInGroup;
    private long row; // index in the file of the next record

    ParquetRows(ParquetShard shard, FrameReading reading) {
        super(reading.owner(), reading.onBadRow(), reading.columns().numFeatures(), reading.columns().labelWidth());
        this.shard = shard;
        this.reading = reading;
        this.features = features();
        try {
            this.reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(shard.file()), Storage.configuration()));
            this.fileSchema = reader.getFooter().getFileMetaData().getSchema();
            this.projection = project(fileSchema, reading.columns().names(), shard.file());
            reader.setRequestedSchema(projection);
            for (int i = 0; i < shard.firstRowGroup(); i++) {
                reader.skipNextRowGroup();
            }
        } catch (IOException e) {
            throw new SparkboltException(reading.owner() + ": cannot read Parquet file " + shard.file() + ": " + e.getMessage(), e);
        }
        this.rowGroupsLeft = shard.rowGroups();
        this.row = shard.firstRow();
    }

    /** The file's columns named by {@code names}, in that order (matched exactly, else ignoring case as Spark does). */
    static MessageType project(MessageType fileSchema, List<String> names, String file) {
        List<Type> fields = new ArrayList<>();
        for (String name : names) {
            fields.add(fileSchema.getType(fieldIndex(fileSchema, name, file)));
        }
        return new MessageType(fileSchema.getName(), fields);
    }

    private static int fieldIndex(GroupType schema, String name, String file) {
        if (schema.containsField(name)) {
            return schema.getFieldIndex(name);
        }
        for (int i = 0; i < schema.getFieldCount(); i++) {
            if (schema.getFieldName(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new MissingColumnException("column '" + name + "' is not in Parquet file " + file);
    }

    @Override
    boolean next(Split wanted) {
        while (advance()) {
            Group record = records.read();
            long index = row++;
            Split rowSplit = reading.splitter().splitOf(Split.TRAIN, shard.fileKey(), index);
            if (take(rowSplit, wanted, (values, label) -> decode(record, label), () -> shard.file() + " row " + index)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a record is left, moving to the shard's next row group when this one is used up. */
    private boolean advance() {
        while (recordsLeftInGroup == 0) {
            if (rowGroupsLeft == 0) {
                return false;
            }
            try {
                PageReadStore pages = reader.readNextRowGroup();
                if (pages == null) {
                    throw new SparkboltException(reading.owner() + ": Parquet file " + shard.file() + " ended before row group "
                            + (shard.firstRowGroup() + shard.rowGroups() - rowGroupsLeft) + " (changed since it was planned?)");
                }
                records = new ColumnIOFactory().getColumnIO(projection, fileSchema).getRecordReader(pages, new GroupRecordConverter(projection));
                recordsLeftInGroup = pages.getRowCount();
                rowGroupsLeft--;
            } catch (IOException e) {
                throw new SparkboltException(reading.owner() + ": cannot read Parquet file " + shard.file() + ": " + e.getMessage(), e);
            }
        }
        recordsLeftInGroup--;
        return true;
    }

    private void decode(Group record, float[] label) throws BadRowException {
        FrameColumns columns = reading.columns();
        int at = 0;
        int field = 0;
        for (FrameColumns.Feature feature : columns.features()) {
            switch (feature.kind()) {
                case NUMBER -> {
                    String name = columns.valueName(feature, at, 0);
                    features[at] = finite(number(record, field, name), name, "feature");
                }
                case VECTOR -> {
                    present(record, field, feature.name());
                    vector(record.getGroup(field, 0), feature, at);
                }
                case ARRAY -> array(record, field, feature, at);
            }
            at += feature.width();
            field++;
        }
        float target = finite(number(record, field, columns.label()), columns.label(), "target");
        if (columns.regression()) {
            label[0] = target;
        } else {
            ClassLabels.oneHot(target, columns.numClasses(), label, "column '" + columns.label() + "'");
        }
        if (columns.hasId()) {
            present(record, field + 1, columns.idName());
            rowId(record.getValueToString(field + 1, 0)); // a number's digits, a string's text
        }
    }

    private static void present(Group group, int field, String name) throws BadRowException {
        if (group.getFieldRepetitionCount(field) == 0) {
            throw new BadRowException("missing", "column '" + name + "' is null");
        }
    }

    private static float finite(double value, String name, String role) throws BadRowException {
        if (!Double.isFinite(value)) {
            throw new BadRowException("nonfinite", "column '" + name + "': " + role + " is " + value + ", not a finite number");
        }
        return (float) value;
    }

    /** The number in {@code field} of {@code group} (its {@code index}-th value when repeated), of any numeric Parquet type. */
    private static double number(Group group, int field, String name) throws BadRowException {
        present(group, field, name);
        return value(group, field, 0, name);
    }

    private static double value(Group group, int field, int index, String name) throws BadRowException {
        Type type = group.getType().getType(field);
        if (!type.isPrimitive()) {
            throw new BadRowException("columns", "column '" + name + "' holds a group, not a number");
        }
        PrimitiveType primitive = type.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        int scale = logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal ? decimal.getScale() : 0;
        return switch (primitive.getPrimitiveTypeName()) {
            case INT32 -> scaled(group.getInteger(field, index), scale);
            case INT64 -> scaled(group.getLong(field, index), scale);
            case FLOAT -> group.getFloat(field, index);
            case DOUBLE -> group.getDouble(field, index);
            case BOOLEAN -> group.getBoolean(field, index) ? 1 : 0;
            case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                if (scale == 0 && !(logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation)) {
                    throw new BadRowException("columns", "column '" + name + "' holds bytes, not a number");
                }
                yield new BigDecimal(new BigInteger(group.getBinary(field, index).getBytes()), scale).doubleValue();
            }
            default -> throw new BadRowException("columns", "column '" + name + "' is " + primitive.getPrimitiveTypeName() + ", not a number");
        };
    }

    private static double scaled(long unscaled, int scale) {
        return scale == 0 ? unscaled : BigDecimal.valueOf(unscaled, scale).doubleValue();
    }

    /** A Spark ML vector: {@code type} 1 dense ({@code values}), 0 sparse ({@code size}, {@code indices}, {@code values}). */
    private void vector(Group vector, FrameColumns.Feature feature, int at) throws BadRowException {
        GroupType type = vector.getType();
        IntFunction<String> nameOf = i -> reading.columns().valueName(feature, at + i, i);
        int kind = (int) number(vector, type.getFieldIndex("type"), feature.name() + ".type");
        float[] values = list(vector, type.getFieldIndex("values"), feature.name(), nameOf);
        if (kind == 1) {
            requireWidth(values.length, feature);
            for (int i = 0; i < values.length; i++) {
                features[at + i] = finite(values[i], nameOf.apply(i), "feature");
            }
            return;
        }
        int size = (int) number(vector, type.getFieldIndex("size"), feature.name() + ".size");
        requireWidth(size, feature);
        float[] indices = list(vector, type.getFieldIndex("indices"), feature.name(), i -> feature.name() + ".indices[" + i + "]");
        Arrays.fill(features, at, at + size, 0f);
        for (int i = 0; i < indices.length; i++) {
            int index = (int) indices[i];
            if (index < 0 || index >= size) {
                throw new BadRowException("columns", "column '" + feature.name() + "': sparse index " + index + " outside [0, " + size + ")");
            }
            features[at + index] = finite(values[i], nameOf.apply(index), "feature");
        }
    }

    private void array(Group record, int field, FrameColumns.Feature feature, int at) throws BadRowException {
        IntFunction<String> nameOf = i -> reading.columns().valueName(feature, at + i, i);
        present(record, field, feature.name());
        float[] values = list(record, field, feature.name(), nameOf);
        requireWidth(values.length, feature);
        for (int i = 0; i < values.length; i++) {
            features[at + i] = finite(values[i], nameOf.apply(i), "feature");
        }
    }

    private static void requireWidth(int width, FrameColumns.Feature feature) throws BadRowException {
        if (width != feature.width()) {
            throw new BadRowException("columns", "column '" + feature.name() + "' has " + width + " values, expected " + feature.width());
        }
    }

    /**
     * The numbers of a list column: Parquet's three-level list ({@code group (LIST) { repeated group
     * list { element } }}, what Spark writes) or a legacy two-level one ({@code repeated} numbers).
     * {@code nameOf} names an element in messages.
     */
    private static float[] list(Group parent, int field, String name, IntFunction<String> nameOf) throws BadRowException {
        present(parent, field, name);
        Type type = parent.getType().getType(field);
        if (type.isPrimitive()) { // a bare repeated number
            return numbers(parent, field, parent.getFieldRepetitionCount(field), name);
        }
        Group list = parent.getGroup(field, 0);
        Type repeated = list.getType().getType(0);
        int count = list.getFieldRepetitionCount(0);
        if (repeated.isPrimitive()) {
            return numbers(list, 0, count, name);
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            Group element = list.getGroup(0, i);
            if (element.getFieldRepetitionCount(0) == 0) {
                throw new BadRowException("missing", "column '" + nameOf.apply(i) + "' is null");
            }
            values[i] = (float) value(element, 0, 0, nameOf.apply(i));
        }
        return values;
    }

    private static float[] numbers(Group group, int field, int count, String name) throws BadRowException {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) value(group, field, i, name);
        }
        return values;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // a read-only file: nothing was left unwritten
        }
    }
}
