package com.example.mymodels;

import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.Split;

/**
 * One piece of the sine data: examples {@code [first, first + count)} of a split. Small and
 * serialisable: this is what travels to an executor, which then makes (or would read) the examples.
 */
public record SineShard(Split split, long first, int count) implements Shard {
    @Override
    public long numExamples() {
        return count;
    }

    @Override
    public String describe() {
        return "sine-" + split.prefix() + "[" + first + "," + (first + count) + ")";
    }
}
