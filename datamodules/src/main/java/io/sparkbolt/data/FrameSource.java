package io.sparkbolt.data;

import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.spark.SparkSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Where a {@link DataFrameDataModule}'s frame comes from (a table or a path read with Spark SQL)
 * and which of its columns become features and label, checked against the frame's schema.
 *
 * @param table          table or view name, or empty
 * @param path           path read with Spark SQL, or empty
 * @param format         format of {@code path}
 * @param featureColumns feature columns; empty: every numeric column but the label
 * @param vectorColumn   a vector or array column of features, or empty
 * @param labelColumn    the label column
 * @param stagingDir     where to stage, or empty for the default
 * @param idColumn       a column of row ids (any type, kept as text; not a feature), or empty
 */
record FrameSource(String table, String path, String format, List<String> featureColumns, String vectorColumn,
                   String labelColumn, String stagingDir, String idColumn) implements Serializable {
    /** The features column of a staged copy. */
    static final String STAGED_FEATURES = "features";
    /** The label column of a staged copy. */
    static final String STAGED_LABEL = "label";
    /** The id column of a staged copy. */
    static final String STAGED_ID = "id";

    static FrameSource of(String table, String path, String format, List<String> featureColumns, String vectorColumn,
                          String labelColumn, String stagingDir, String idColumn) {
        if (!blank(table) && !blank(path)) {
            throw DataFrameDataModule.error("give table or path, not both");
        }
        if (blank(labelColumn)) {
            throw DataFrameDataModule.error("labelColumn must name the label column");
        }
        List<String> features = featureColumns == null ? List.of() : List.copyOf(featureColumns);
        if (!features.isEmpty() && !blank(vectorColumn)) {
            throw DataFrameDataModule.error("give featureColumns or vectorColumn, not both");
        }
        String id = text(idColumn);
        if (!id.isEmpty() && (id.equals(labelColumn) || id.equals(text(vectorColumn)) || features.contains(id))) {
            throw DataFrameDataModule.error("idColumn '" + id + "' is also the label or a feature column; give it a column of its own");
        }
        return new FrameSource(text(table), text(path), blank(format) ? "parquet" : format, features, text(vectorColumn),
                labelColumn, text(stagingDir), id);
    }

    /** This source staging under {@code dir}. */
    FrameSource withStagingDir(String dir) {
        return of(table, path, format, featureColumns, vectorColumn, labelColumn, dir, idColumn);
    }

    /** This source with {@code column} as the rows' id column. */
    FrameSource withIdColumn(String column) {
        return of(table, path, format, featureColumns, vectorColumn, labelColumn, stagingDir, column);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    /** The frame named by {@code table} or {@code path}, in the active Spark session (or a new local one). */
    Dataset<Row> read() {
        if (table.isEmpty() && path.isEmpty()) {
            throw DataFrameDataModule.error("give a table or a path (or build the module with DataFrameDataModule.of(frame, ...))");
        }
        SparkContexts.getOrCreate(SparkSettings.defaults()); // so the session below joins the strategy's context
        SparkSession spark = SparkSession.builder().getOrCreate();
        try {
            if (!table.isEmpty()) {
                return spark.table(table);
            }
            return spark.read().format(format).option("header", "true").option("inferSchema", "true").load(path);
        } catch (Exception e) { // AnalysisException is checked in Java's eyes but thrown undeclared from Scala
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            throw DataFrameDataModule.error("cannot read " + (table.isEmpty() ? format + " path " + path : "table " + table) + ": " + first);
        }
    }

    /**
     * The frame's feature and label columns, checked: named columns exist, are numeric (or, for
     * {@code vectorColumn}, an ML vector or a numeric array, whose width comes from its first row).
     */
    FrameColumns columns(Dataset<Row> frame, int numClasses) {
        List<String> names = Arrays.asList(frame.columns());
        requireColumn(names, labelColumn, "labelColumn");
        requireNumeric(frame, labelColumn, "labelColumn");
        if (!idColumn.isEmpty()) {
            requireColumn(names, idColumn, "idColumn");
        }
        List<FrameColumns.Feature> features = new ArrayList<>();
        if (!vectorColumn.isEmpty()) {
            requireColumn(names, vectorColumn, "vectorColumn");
            features.add(vectorFeature(frame));
        } else {
            List<String> chosen = featureColumns.isEmpty()
                    ? names.stream().filter(name -> !name.equals(labelColumn) && !name.equals(idColumn)).toList() : featureColumns;
            if (chosen.isEmpty()) {
                throw DataFrameDataModule.error("the frame has no feature column besides the label '" + labelColumn + "'");
            }
            for (String name : chosen) {
                requireColumn(names, name, "featureColumns");
                requireNumeric(frame, name, featureColumns.isEmpty() ? "a feature column (list featureColumns to leave it out)" : "featureColumns");
                features.add(new FrameColumns.Feature(name, FrameColumns.Kind.NUMBER, 1));
            }
        }
        FrameColumns columns = new FrameColumns(features, labelColumn, numClasses);
        return idColumn.isEmpty() ? columns : columns.withId(idColumn);
    }

    /**
     * What is staged of a frame that is not read in place: its features as one array of doubles
     * ({@link #STAGED_FEATURES}), its label as a double ({@link #STAGED_LABEL}) and its id, if any,
     * as a string ({@link #STAGED_ID}), so the copy holds only what training and predictions read.
     */
    static Dataset<Row> stagedColumns(Dataset<Row> frame, FrameColumns columns) {
        List<Column> values = new ArrayList<>();
        for (FrameColumns.Feature feature : columns.features()) {
            Column column = frame.col(quote(feature.name()));
            values.add(switch (feature.kind()) {
                case NUMBER -> functions.array(column.cast(DataTypes.DoubleType));
                case VECTOR -> frame.schema().apply(feature.name()).dataType() instanceof VectorUDT
                        ? org.apache.spark.ml.functions.vector_to_array(column, "float64") : storedVectorValues(feature.name());
                case ARRAY -> column.cast(DataTypes.createArrayType(DataTypes.DoubleType));
            });
        }
        Column features = values.size() == 1 ? values.get(0) : functions.concat(values.toArray(new Column[0]));
        Column label = frame.col(quote(columns.label())).cast(DataTypes.DoubleType).as(STAGED_LABEL);
        if (columns.hasId()) {
            return frame.select(features.as(STAGED_FEATURES), label, frame.col(quote(columns.idColumn())).cast(DataTypes.StringType).as(STAGED_ID));
        }
        return frame.select(features.as(STAGED_FEATURES), label);
    }

    /** Whether {@code type} is the struct Spark stores an ML vector as: {@code type}, {@code size}, {@code indices}, {@code values}. */
    static boolean isStoredVector(DataType type) {
        return type instanceof org.apache.spark.sql.types.StructType struct
                && List.of(struct.fieldNames()).equals(List.of("type", "size", "indices", "values"));
    }

    /** A stored vector's values, dense: a dense one's {@code values}, a sparse one's scattered over {@code size} zeros. */
    private static Column storedVectorValues(String name) {
        String v = quote(name);
        return functions.expr("CASE WHEN " + v + ".type = 1 THEN transform(" + v + ".`values`, x -> CAST(x AS DOUBLE)) ELSE transform(sequence(0, "
                + v + ".size - 1), i -> coalesce(element_at(map_from_arrays(" + v + ".indices, " + v + ".`values`), i), CAST(0 AS DOUBLE))) END");
    }

    /** The columns of a staged copy. */
    static FrameColumns stagedLayout(FrameColumns columns) {
        List<String> names = new ArrayList<>();
        for (FrameColumns.Feature feature : columns.features()) {
            for (int i = 0; i < feature.width(); i++) {
                names.add(columns.valueName(feature, names.size(), i));
            }
        }
        return new FrameColumns(List.of(new FrameColumns.Feature(STAGED_FEATURES, FrameColumns.Kind.ARRAY, columns.numFeatures())),
                STAGED_LABEL, columns.numClasses(), names, columns.hasId() ? STAGED_ID : null, columns.idName());
    }

    /** The vector (or array) column as one feature; its width comes from its first row. */
    private FrameColumns.Feature vectorFeature(Dataset<Row> frame) {
        DataType type = frame.schema().apply(vectorColumn).dataType();
        Column size;
        FrameColumns.Kind kind;
        Column column = frame.col(quote(vectorColumn));
        if (type instanceof VectorUDT) {
            size = functions.size(org.apache.spark.ml.functions.vector_to_array(column, "float64"));
            kind = FrameColumns.Kind.VECTOR;
        } else if (isStoredVector(type)) { // a vector read back from files without Spark's schema (ORC)
            size = functions.when(column.getField("type").equalTo(1), functions.size(column.getField("values")))
                    .otherwise(column.getField("size"));
            kind = FrameColumns.Kind.VECTOR;
        } else if (type instanceof ArrayType arrayType && arrayType.elementType() instanceof NumericType) {
            size = functions.size(column);
            kind = FrameColumns.Kind.ARRAY;
        } else {
            throw DataFrameDataModule.error("vectorColumn '" + vectorColumn + "' is " + type.simpleString()
                    + ", not an ML vector or a numeric array");
        }
        List<Row> sizes = frame.select(size).takeAsList(1);
        Row first = sizes.isEmpty() ? null : sizes.get(0);
        if (first == null || first.isNullAt(0) || first.getInt(0) <= 0) {
            throw DataFrameDataModule.error("vectorColumn '" + vectorColumn + "' is empty in the first row (or the frame has no rows)");
        }
        return new FrameColumns.Feature(vectorColumn, kind, first.getInt(0));
    }

    private static void requireColumn(List<String> names, String name, String key) {
        if (!names.contains(name)) {
            throw DataFrameDataModule.error(key + " '" + name + "' is not a column of the frame (columns: " + String.join(", ", names) + ")");
        }
    }

    private static void requireNumeric(Dataset<Row> frame, String name, String role) {
        StructField field = frame.schema().apply(name);
        if (!(field.dataType() instanceof NumericType) && field.dataType() != DataTypes.BooleanType) {
            throw DataFrameDataModule.error("column '" + name + "' (" + role + ") is " + field.dataType().simpleString() + ", not numeric");
        }
    }

    /** Column names with dots or spaces must be quoted for {@code Dataset.col}. */
    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
