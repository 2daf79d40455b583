package io.sparkbolt.trainer.api;

import java.io.Serializable;

/**
 * A small, serialisable description of one piece of a data set: a file, a byte range, an index
 * range. Shards travel to where the data is read (an executor, or the driver JVM for the local
 * strategy); the data itself never travels through the driver.
 */
public interface Shard extends Serializable {

    /** Number of examples in this shard, or {@code -1} when it is not known without reading it. */
    long numExamples();

    /** A short human-readable description used in error messages, e.g. {@code train-images[0,27500)}. */
    String describe();
}
