package io.sparkbolt.trainer.predict;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.Locale;

/** The file format of written predictions: one part file per input shard. */
public enum PredictionFormat {
    /** Comma-separated text with a header line. */
    CSV("csv"),
    /** Parquet, one row group per part (readable with {@code spark.read.parquet}). */
    PARQUET("parquet");

    private final String extension;

    PredictionFormat(String extension) {
        this.extension = extension;
    }

    /** The format named {@code csv} or {@code parquet} (any case); one line naming the choices otherwise. */
    public static PredictionFormat named(String name) {
        for (PredictionFormat format : values()) {
            if (format.extension.equals(String.valueOf(name).toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new SparkboltException("predict: the format must be csv or parquet, got '" + name + "'");
    }

    /** The part files' extension, without the dot. */
    public String extension() {
        return extension;
    }
}
