package io.sparkbolt.submit;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkbolt.trainer.Durations;
import io.sparkbolt.trainer.TrainerBuilder;
import io.sparkbolt.trainer.api.GradientClipAlgorithm;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One {@code trainer:} key of a run config, described once: the description feeds
 * {@code sparkbolt flags}, the README table and config validation, and the setter applies the
 * value to a {@link TrainerBuilder}.
 *
 * @param name        the key, as the builder method is named
 * @param kind        what values it takes
 * @param description one line of help
 * @param apply       sets a converted value on the builder
 */
record TrainerFlag(String name, Kind kind, String description, BiConsumer<TrainerBuilder, JsonNode> apply) {

    /** The value types flags take. */
    enum Kind {
        INT("integer"), LONG("integer"), DOUBLE("number"), BOOLEAN("true|false"), STRING("text"),
        DURATION("duration (DD:HH:MM:SS, 90s, 15m, 2h)"), BATCHES("count (int) or fraction (float)"),
        CLIP_ALGORITHM("norm|value"), BOOLEAN_OR_INT("true|false or integer"), ACCELERATOR("auto|cpu|gpu"),
        DEVICES("auto or integer"), PRECISION("64|32|16|bf16");

        private final String shape;

        Kind(String shape) {
            this.shape = shape;
        }

        String shape() {
            return shape;
        }
    }

    /** Every flag the {@code trainer:} section takes (strategy, callbacks and loggers are read separately). */
    static final List<TrainerFlag> ALL = List.of(
            flag("maxEpochs", Kind.INT, "stop after this many epochs; -1: no limit (default 1000, or none with maxSteps)",
                    (b, v) -> b.maxEpochs(v.intValue())),
            flag("minEpochs", Kind.INT, "train at least this many epochs even if a callback asks to stop",
                    (b, v) -> b.minEpochs(v.intValue())),
            flag("maxSteps", Kind.LONG, "stop after this many optimiser steps; -1: no limit",
                    (b, v) -> b.maxSteps(v.longValue())),
            flag("maxTime", Kind.DURATION, "stop after this much wall-clock time",
                    (b, v) -> b.maxTime(Durations.parse(v.asText()))),
            batches("limitTrainBatches", "training batches per epoch", TrainerBuilder::limitTrainBatches, TrainerBuilder::limitTrainBatches),
            batches("limitValBatches", "validation batches per validation run", TrainerBuilder::limitValBatches, TrainerBuilder::limitValBatches),
            batches("limitTestBatches", "test batches", TrainerBuilder::limitTestBatches, TrainerBuilder::limitTestBatches),
            batches("limitPredictBatches", "predict batches", TrainerBuilder::limitPredictBatches, TrainerBuilder::limitPredictBatches),
            batches("valCheckInterval", "validate every n training batches (int) or this fraction of an epoch (float)",
                    TrainerBuilder::valCheckInterval, TrainerBuilder::valCheckInterval),
            flag("checkValEveryNEpoch", Kind.INT, "validate after every n-th epoch",
                    (b, v) -> b.checkValEveryNEpoch(v.intValue())),
            flag("numSanityValSteps", Kind.INT, "validation batches run before training; -1: all",
                    (b, v) -> b.numSanityValSteps(v.intValue())),
            flag("fastDevRun", Kind.BOOLEAN_OR_INT, "run n (true: 1) batches of each split, one epoch, no loggers or checkpoints",
                    (b, v) -> {
                        if (v.isBoolean()) {
                            b.fastDevRun(v.booleanValue());
                        } else {
                            b.fastDevRun(v.intValue());
                        }
                    }),
            batches("overfitBatches", "train and validate on the same first batches every epoch, unshuffled",
                    TrainerBuilder::overfitBatches, TrainerBuilder::overfitBatches),
            flag("accumulateGradBatches", Kind.INT, "sum the gradients of n batches into one optimiser step",
                    (b, v) -> b.accumulateGradBatches(v.intValue())),
            flag("gradientClipVal", Kind.DOUBLE, "clip gradients at this value; 0: off",
                    (b, v) -> b.gradientClipVal(v.doubleValue())),
            flag("gradientClipAlgorithm", Kind.CLIP_ALGORITHM, "clip the global gradient norm, or each value",
                    (b, v) -> b.gradientClipAlgorithm(GradientClipAlgorithm.valueOf(v.asText().toUpperCase(Locale.ROOT)))),
            flag("logEveryNSteps", Kind.INT, "send step metrics to the loggers every n optimiser steps",
                    (b, v) -> b.logEveryNSteps(v.intValue())),
            flag("deterministic", Kind.BOOLEAN, "require bit-reproducible results (rejects strategies that cannot give them)",
                    (b, v) -> b.deterministic(v.booleanValue())),
            flag("accelerator", Kind.ACCELERATOR, "where steps run: auto (a GPU with the CUDA build, else CPU), cpu or gpu",
                    (b, v) -> b.accelerator(v.asText())),
            flag("devices", Kind.DEVICES, "GPUs per executor (the local strategy uses one); auto: what Spark assigns",
                    (b, v) -> b.devices(v.asText())),
            flag("precision", Kind.PRECISION, "the network's data type: 64, 32, 16 (GPU only) or bf16; no mixed precision in DL4J",
                    (b, v) -> b.precision(v.asText())),
            flag("defaultRootDir", Kind.STRING, "root of logs and checkpoints (path or Hadoop URI)",
                    (b, v) -> b.defaultRootDir(v.asText())),
            flag("enableProgressBar", Kind.BOOLEAN, "show a progress bar per epoch",
                    (b, v) -> b.enableProgressBar(v.booleanValue())),
            flag("enableModelSummary", Kind.BOOLEAN, "print the layer table when a fit starts",
                    (b, v) -> b.enableModelSummary(v.booleanValue())),
            flag("enableCheckpointing", Kind.BOOLEAN, "save a checkpoint of the latest epoch (unless a ModelCheckpoint is given)",
                    (b, v) -> b.enableCheckpointing(v.booleanValue())));

    private static TrainerFlag flag(String name, Kind kind, String description, BiConsumer<TrainerBuilder, JsonNode> apply) {
        return new TrainerFlag(name, kind, description, apply);
    }

    private static TrainerFlag batches(String name, String description, CountSetter count, FractionSetter fraction) {
        return flag(name, Kind.BATCHES, description, (b, v) -> {
            if (v.isIntegralNumber()) {
                count.set(b, v.intValue());
            } else {
                fraction.set(b, v.doubleValue());
            }
        });
    }

    /** The flag called {@code name}. */
    static Optional<TrainerFlag> named(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst();
    }

    /** Whether {@code value} has the JSON type this flag takes (its range is checked by the builder). */
    boolean accepts(JsonNode value) {
        return switch (kind) {
            case INT, LONG -> value.isIntegralNumber();
            case DOUBLE -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case STRING, DURATION, CLIP_ALGORITHM, ACCELERATOR, PRECISION -> value.isTextual() || value.isNumber();
            case DEVICES -> value.isTextual() || value.isIntegralNumber();
            case BATCHES -> value.isNumber();
            case BOOLEAN_OR_INT -> value.isBoolean() || value.isIntegralNumber();
        };
    }

    @FunctionalInterface
    private interface CountSetter {
        TrainerBuilder set(TrainerBuilder builder, int count);
    }

    @FunctionalInterface
    private interface FractionSetter {
        TrainerBuilder set(TrainerBuilder builder, double fraction);
    }
}
