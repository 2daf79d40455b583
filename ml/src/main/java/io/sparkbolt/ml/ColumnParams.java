package io.sparkbolt.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;

/**
 * The column parameters the estimator and its model share, named and defaulted as MLlib's
 * classifiers name them, so a Sparkbolt stage drops into a pipeline in place of one. An empty
 * output column name leaves that column out, as in MLlib.
 */
final class ColumnParams {
    final Param<String> featuresCol;
    final Param<String> labelCol;
    final Param<String> predictionCol;
    final Param<String> probabilityCol;
    final Param<String> rawPredictionCol;

    ColumnParams(Identifiable owner) {
        featuresCol = new Param<>(owner, "featuresCol", "features column: an ML Vector (or a numeric array)");
        labelCol = new Param<>(owner, "labelCol", "label column: a class index, or the target of a regression");
        predictionCol = new Param<>(owner, "predictionCol", "prediction column: the argmax class, or the regression output");
        probabilityCol = new Param<>(owner, "probabilityCol", "class probabilities column (the network's outputs); empty: none");
        rawPredictionCol = new Param<>(owner, "rawPredictionCol", "raw prediction column (the network's outputs); empty: none");
    }

    /** MLlib's defaults. */
    void setDefaults(DefaultSetter params) {
        params.setDefault(featuresCol, "features");
        params.setDefault(labelCol, "label");
        params.setDefault(predictionCol, "prediction");
        params.setDefault(probabilityCol, "probability");
        params.setDefault(rawPredictionCol, "rawPrediction");
    }

    /** How the owner sets a default (Spark's {@code setDefault} is protected in {@link Params}). */
    @FunctionalInterface
    interface DefaultSetter {
        void setDefault(Param<String> param, String value);
    }
}
