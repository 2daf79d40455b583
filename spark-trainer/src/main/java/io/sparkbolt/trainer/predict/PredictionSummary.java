package io.sparkbolt.trainer.predict;

/**
 * What a prediction run wrote.
 *
 * @param location the output directory
 * @param rows     rows written (one per example)
 * @param parts    part files written (one per input shard that had rows)
 */
public record PredictionSummary(String location, long rows, int parts) {
}
