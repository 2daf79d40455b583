package io.sparkbolt.trainer.replica;

import io.sparkbolt.trainer.api.GradientClipAlgorithm;
import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Lightning's gradient clipping on the whole flattened gradient: by global L2 norm, or by value.
 *
 * <p>DL4J's gradients are sums over the examples of the batch and its updater divides by the
 * count, so the limit is applied to the sum as {@code value × examples}: the same as clipping the
 * mean gradient, without an extra pass over the array.
 */
public record GradientClipping(double value, GradientClipAlgorithm algorithm) implements Serializable {

    /** No clipping. */
    public static final GradientClipping NONE = new GradientClipping(0, GradientClipAlgorithm.NORM);

    public boolean enabled() {
        return value > 0;
    }

    /** Clips {@code summedGradient} (a sum over {@code examples} examples) in place. */
    public void apply(INDArray summedGradient, int examples) {
        if (!enabled()) {
            return;
        }
        double limit = value * examples;
        if (algorithm == GradientClipAlgorithm.NORM) {
            double norm = summedGradient.norm2Number().doubleValue();
            if (norm > limit) {
                summedGradient.muli(limit / norm);
            }
        } else {
            Transforms.min(summedGradient, limit, false);
            Transforms.max(summedGradient, -limit, false);
        }
    }
}
