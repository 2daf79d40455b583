package io.sparkbolt.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Which columns a Sparkbolt model reads and appends, checked against a frame's schema: the features
 * (an ML vector or a numeric array), and the raw prediction and probability vectors and the
 * prediction, each left out when its name is empty. A classifier's prediction is the argmax class
 * as a double ({@code NaN} when an output is {@code NaN}); a regressor's is its one output, or the
 * vector of its outputs when it has several.
 *
 * @param features      the features column
 * @param rawPrediction the raw prediction column, or empty
 * @param probability   the probability column, or empty
 * @param prediction    the prediction column, or empty
 * @param numClasses    classes of a classifier; 0 for a regressor
 * @param outputs       the network's output width
 */
record OutputColumns(String features, String rawPrediction, String probability, String prediction, int numClasses, int outputs)
        implements Serializable {

    /** The input schema with the appended columns; one line when a column is missing, of the wrong type, or already there. */
    StructType appendTo(StructType schema) {
        requireFeatures(schema, features, "SparkboltModel");
        StructType out = schema;
        for (String name : appended()) {
            if (Arrays.asList(schema.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("SparkboltModel: output column '" + name + "' already exists in the frame");
            }
            boolean vector = !name.equals(prediction) || (numClasses == 0 && outputs > 1);
            out = out.add(name, vector ? SQLDataTypes.VectorType() : DataTypes.DoubleType, false);
        }
        return out;
    }

    /** The names of the columns appended, in order (raw prediction, probability, prediction; regressors only the last). */
    List<String> appended() {
        List<String> names = numClasses > 0 ? List.of(rawPrediction, probability, prediction) : List.of(prediction);
        return names.stream().filter(name -> name != null && !name.isEmpty()).toList();
    }

    /** What {@code outputs} (one example's network outputs) puts in each appended column, in order. */
    Object[] values(float[] outputs) {
        List<String> names = appended();
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
            String name = names.get(i);
            values[i] = name.equals(prediction) ? predictionOf(outputs) : vector(outputs);
        }
        return values;
    }

    private Object predictionOf(float[] outputs) {
        if (numClasses == 0) {
            return outputs.length == 1 ? (double) outputs[0] : vector(outputs);
        }
        int best = 0;
        for (int i = 0; i < outputs.length; i++) {
            if (Float.isNaN(outputs[i])) {
                return Double.NaN;
            }
            if (outputs[i] > outputs[best]) {
                best = i;
            }
        }
        return (double) best;
    }

    private static Vector vector(float[] outputs) {
        double[] values = new double[outputs.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = outputs[i];
        }
        return org.apache.spark.ml.linalg.Vectors.dense(values);
    }

    /** Fails with one line unless {@code column} is an ML vector or a numeric array in {@code schema}. */
    static void requireFeatures(StructType schema, String column, String owner) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(owner + ": features column '" + column + "' is not in the frame (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.apply(column).dataType();
        boolean array = type instanceof ArrayType arrayType && arrayType.elementType() instanceof NumericType;
        if (!type.equals(SQLDataTypes.VectorType()) && !array) {
            throw new IllegalArgumentException(owner + ": features column '" + column + "' is " + type.simpleString()
                    + ", not an ML Vector or a numeric array (assemble it with VectorAssembler)");
        }
    }
}
