package io.sparkbolt.trainer.predict;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.Serializable;

/**
 * Where {@code Trainer.predict} writes: a directory (a path or any Hadoop URI) that must not
 * exist yet, and the parts' format.
 *
 * @param location the output directory
 * @param format   CSV or Parquet
 */
public record PredictionOutput(String location, PredictionFormat format) implements Serializable {
    public PredictionOutput {
        if (location == null || location.isBlank()) {
            throw new SparkboltException("predict: no output location given");
        }
        if (format == null) {
            format = PredictionFormat.CSV;
        }
    }

    /** CSV parts under {@code location}. */
    public static PredictionOutput csv(String location) {
        return new PredictionOutput(location, PredictionFormat.CSV);
    }

    /** Parquet parts under {@code location}. */
    public static PredictionOutput parquet(String location) {
        return new PredictionOutput(location, PredictionFormat.PARQUET);
    }

    /** Refuses an output directory that already exists: predictions never overwrite or mix with other files. */
    public void requireAbsent() {
        if (Storage.exists(Storage.path(location))) {
            throw new SparkboltException("predict: output " + location + " already exists; remove it or choose another");
        }
    }
}
