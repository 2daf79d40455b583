package io.sparkbolt.trainer.api;

/** How {@code gradientClipVal} limits gradients: their global L2 norm, or each value. */
public enum GradientClipAlgorithm {
    NORM, VALUE
}
