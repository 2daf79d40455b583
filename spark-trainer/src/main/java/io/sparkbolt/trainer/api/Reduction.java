package io.sparkbolt.trainer.api;

/**
 * How values of one metric logged over many batches (and many executors) become one number.
 * {@link #MEAN} is weighted by the batch size each value was logged with, as Lightning does.
 */
public enum Reduction {
    MEAN, SUM, MAX, MIN
}
