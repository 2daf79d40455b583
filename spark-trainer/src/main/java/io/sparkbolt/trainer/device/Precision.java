package io.sparkbolt.trainer.device;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Lightning's {@code precision}, mapped to DL4J's network data type: the parameters, activations,
 * gradients and updater state all take it. DL4J has no mixed precision (half-precision compute
 * over float master weights with loss scaling), so {@code 16} is Lightning's {@code 16-true}: the
 * whole network in half precision.
 */
public enum Precision {
    /** {@code 64}: double precision. */
    DOUBLE("64", DataType.DOUBLE),
    /** {@code 32} (the default): single precision. */
    FLOAT("32", DataType.FLOAT),
    /** {@code 16}: IEEE half precision, on the CUDA backend only. */
    HALF("16", DataType.HALF),
    /** {@code bf16}: bfloat16; ND4J 1.0.0-M2.1's backprop ops refuse it (see {@link Backend#refuses}). */
    BF16("bf16", DataType.BFLOAT16);

    private final String label;
    private final DataType dataType;

    Precision(String label, DataType dataType) {
        this.label = label;
        this.dataType = dataType;
    }

    /**
     * {@code 64}, {@code 32}, {@code 16} or {@code bf16}, with Lightning's {@code -true} suffix
     * allowed; Lightning's {@code -mixed} precisions are refused with the reason.
     */
    public static Precision parse(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (text.endsWith("-mixed")) {
            throw new SparkboltException("trainer flag precision=" + value + ": DL4J has no mixed precision (half-precision"
                    + " compute over float master weights); use " + text.replace("-mixed", "") + " for the whole network in that"
                    + " precision, or 32");
        }
        String plain = text.endsWith("-true") ? text.substring(0, text.length() - "-true".length()) : text;
        for (Precision precision : values()) {
            if (precision.label.equals(plain)) {
                return precision;
            }
        }
        throw new SparkboltException("trainer flag precision must be 64, 32, 16 or bf16, got " + value);
    }

    /** The name as configs write it. */
    public String label() {
        return label;
    }

    /** DL4J's network data type for this precision. */
    public DataType dataType() {
        return dataType;
    }
}
