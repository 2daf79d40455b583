package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Shard;

/**
 * A range {@code [from, to)} of one MNIST part: the training examples left after the validation
 * hold-out, the held-out validation examples, or the t10k test file.
 */
record MnistShard(MnistPart part, int from, int to) implements Shard {

    @Override
    public long numExamples() {
        return to - from;
    }

    @Override
    public String describe() {
        return "mnist " + part.name().toLowerCase(java.util.Locale.ROOT) + "[" + from + "," + to + ")";
    }

    /** The parts of MNIST a shard can come from. */
    enum MnistPart {
        /** Training-file examples not held out. */
        TRAIN,
        /** Training-file examples held out for validation. */
        VAL,
        /** The t10k file. */
        TEST
    }
}
