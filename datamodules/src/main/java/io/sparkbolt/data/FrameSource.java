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
 * and which of its columns become features and label: plain doubles, features first, the label
 * last, ready to be staged.
 *
 * @param table          table or view name, or empty
 * @param path           path read with Spark SQL, or empty
 * @param format         format of {@code path}
 * @param featureColumns feature columns; empty: every numeric column but the label
 * @param vectorColumn   a vector or array column of features, or empty
 * @param labelColumn    the label column
 * @param stagingDir     where to stage, or empty for the default
 */
record FrameSource(String table, String path, String format, List<String> featureColumns, String vectorColumn,
                   String labelColumn, String stagingDir) implements Serializable {

    static FrameSource of(String table, String path, String format, List<String> featureColumns, String vectorColumn,
                          String labelColumn, String stagingDir) {
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
        return new FrameSource(text(table), text(path), blank(format) ? "parquet" : format, features, text(vectorColumn),
                labelColumn, text(stagingDir));
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

    /** The features as doubles, then the label as a double. */
    Dataset<Row> select(Dataset<Row> frame) {
        List<String> names = Arrays.asList(frame.columns());
        requireColumn(names, labelColumn, "labelColumn");
        requireNumeric(frame, labelColumn, "labelColumn");
        List<Column> columns = new ArrayList<>();
        if (!vectorColumn.isEmpty()) {
            requireColumn(names, vectorColumn, "vectorColumn");
            columns.addAll(vectorElements(frame));
        } else {
            List<String> features = featureColumns.isEmpty()
                    ? names.stream().filter(name -> !name.equals(labelColumn)).toList() : featureColumns;
            if (features.isEmpty()) {
                throw DataFrameDataModule.error("the frame has no feature column besides the label '" + labelColumn + "'");
            }
            for (String name : features) {
                requireColumn(names, name, "featureColumns");
                requireNumeric(frame, name, featureColumns.isEmpty() ? "a feature column (list featureColumns to leave it out)" : "featureColumns");
                columns.add(frame.col(quote(name)).cast(DataTypes.DoubleType));
            }
        }
        columns.add(frame.col(quote(labelColumn)).cast(DataTypes.DoubleType));
        return frame.select(columns.toArray(new Column[0]));
    }

    /** One column per element of the vector (or array) column; the width comes from its first row. */
    private List<Column> vectorElements(Dataset<Row> frame) {
        DataType type = frame.schema().apply(vectorColumn).dataType();
        Column array;
        if (type instanceof VectorUDT) {
            array = org.apache.spark.ml.functions.vector_to_array(frame.col(quote(vectorColumn)), "float64");
        } else if (type instanceof ArrayType arrayType && arrayType.elementType() instanceof NumericType) {
            array = frame.col(quote(vectorColumn));
        } else {
            throw DataFrameDataModule.error("vectorColumn '" + vectorColumn + "' is " + type.simpleString()
                    + ", not an ML vector or a numeric array");
        }
        List<Row> sizes = frame.select(functions.size(array)).takeAsList(1);
        Row first = sizes.isEmpty() ? null : sizes.get(0);
        if (first == null || first.isNullAt(0) || first.getInt(0) <= 0) {
            throw DataFrameDataModule.error("vectorColumn '" + vectorColumn + "' is empty in the first row (or the frame has no rows)");
        }
        List<Column> elements = new ArrayList<>();
        for (int i = 0; i < first.getInt(0); i++) {
            elements.add(array.getItem(i).cast(DataTypes.DoubleType));
        }
        return elements;
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
