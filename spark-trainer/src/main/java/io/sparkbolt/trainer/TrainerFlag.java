package io.sparkbolt.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkbolt.trainer.api.GradientClipAlgorithm;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One Trainer setting, defined once (Tribuo's {@code @Config} fields): its name, the values it
 * takes, its default, where it applies and what it does. This one definition gives the
 * {@link TrainerBuilder} its defaults (a new builder applies every default), validates the YAML's
 * {@code trainer:} section, prints {@code sparkbolt flags} and {@code --help}, and is the table in
 * {@code docs/command-line.md} (a test compares them).
 *
 * @param name         the key, as the builder method is named
 * @param kind         what values it takes
 * @param defaultValue the default as YAML ({@code ~}: unset, the description says what that means)
 * @param appliesTo    the entry points (or strategies) it affects
 * @param description  one line of help
 * @param apply        sets a value on the builder
 * @param read         the value in force in built settings, as {@link #value} reads a YAML value, for tests and docs
 */
public record TrainerFlag(String name, Kind kind, String defaultValue, String appliesTo, String description,
                          BiConsumer<TrainerBuilder, JsonNode> apply, Function<TrainerSettings, Object> read) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The value types flags take. */
    public enum Kind {
        INT("integer"), LONG("integer"), DOUBLE("number"), BOOLEAN("true|false"), STRING("text"),
        DURATION("duration (DD:HH:MM:SS, 90s, 15m, 2h)"), BATCHES("count (int) or fraction (float)"),
        CLIP_ALGORITHM("norm|value"), BOOLEAN_OR_INT("true|false or integer"), ACCELERATOR("auto|cpu|gpu"),
        DEVICES("auto or integer"), PRECISION("64|32|16|bf16");

        private final String shape;

        Kind(String shape) {
            this.shape = shape;
        }

        /** How the values look, for help and errors: {@code integer}, {@code auto|cpu|gpu}. */
        public String shape() {
            return shape;
        }
    }

    private static final String FIT = "fit";
    private static final String ALL_STAGES = "all";

    /** Every flag the {@code trainer:} section takes (strategy, callbacks and loggers are read separately). */
    public static final List<TrainerFlag> ALL = List.of(
            flag("maxEpochs", Kind.INT, "~", FIT, s -> s.stopping().maxEpochs(), "stop after this many epochs; -1: no limit (default 1000, or none with maxSteps)",
                    (b, v) -> b.maxEpochs(v.intValue())),
            flag("minEpochs", Kind.INT, "0", FIT, s -> s.stopping().minEpochs(), "train at least this many epochs even if a callback asks to stop",
                    (b, v) -> b.minEpochs(v.intValue())),
            flag("maxSteps", Kind.LONG, "-1", FIT, s -> s.stopping().maxSteps(), "stop after this many optimiser steps; -1: no limit",
                    (b, v) -> b.maxSteps(v.longValue())),
            flag("maxTime", Kind.DURATION, "~", FIT, s -> s.stopping().maxTime(), "stop after this much wall-clock time",
                    (b, v) -> b.maxTime(Durations.parse(v.asText()))),
            batches("limitTrainBatches", FIT, s -> s.limits().train(), "training batches per epoch", TrainerBuilder::limitTrainBatches, TrainerBuilder::limitTrainBatches),
            batches("limitValBatches", "fit, validate", s -> s.limits().val(), "validation batches per validation run", TrainerBuilder::limitValBatches, TrainerBuilder::limitValBatches),
            batches("limitTestBatches", "test", s -> s.limits().test(), "test batches", TrainerBuilder::limitTestBatches, TrainerBuilder::limitTestBatches),
            batches("limitPredictBatches", "predict", s -> s.limits().predict(), "predict batches", TrainerBuilder::limitPredictBatches, TrainerBuilder::limitPredictBatches),
            batches("valCheckInterval", FIT, s -> s.validation().valCheckInterval(), "validate every n training batches (int) or this fraction of an epoch (float)",
                    TrainerBuilder::valCheckInterval, TrainerBuilder::valCheckInterval),
            flag("checkValEveryNEpoch", Kind.INT, "1", FIT, s -> s.validation().checkValEveryNEpoch(), "validate after every n-th epoch",
                    (b, v) -> b.checkValEveryNEpoch(v.intValue())),
            flag("numSanityValSteps", Kind.INT, "2", FIT, s -> s.validation().numSanityValSteps(), "validation batches run before training; -1: all",
                    (b, v) -> b.numSanityValSteps(v.intValue())),
            flag("fastDevRun", Kind.BOOLEAN_OR_INT, "0", ALL_STAGES, s -> s.debugging().fastDevRun(), "run n (true: 1) batches of each split, one epoch, no loggers or checkpoints",
                    (b, v) -> {
                        if (v.isBoolean()) {
                            b.fastDevRun(v.booleanValue());
                        } else {
                            b.fastDevRun(v.intValue());
                        }
                    }),
            batchesWithDefault("overfitBatches", "0", FIT, s -> s.debugging().overfitBatches(), "train and validate on the same first batches every epoch, unshuffled",
                    TrainerBuilder::overfitBatches, TrainerBuilder::overfitBatches),
            flag("accumulateGradBatches", Kind.INT, "1", FIT, s -> s.optimization().accumulateGradBatches(), "sum the gradients of n batches into one optimiser step",
                    (b, v) -> b.accumulateGradBatches(v.intValue())),
            flag("gradientClipVal", Kind.DOUBLE, "0.0", FIT, s -> s.optimization().gradientClipVal(), "clip gradients at this value; 0: off",
                    (b, v) -> b.gradientClipVal(v.doubleValue())),
            flag("gradientClipAlgorithm", Kind.CLIP_ALGORITHM, "norm", FIT, s -> s.optimization().gradientClipAlgorithm().name().toLowerCase(Locale.ROOT), "clip the global gradient norm, or each value",
                    (b, v) -> b.gradientClipAlgorithm(GradientClipAlgorithm.valueOf(v.asText().toUpperCase(Locale.ROOT)))),
            flag("logEveryNSteps", Kind.INT, "50", FIT, s -> s.output().logEveryNSteps(), "send step metrics to the loggers every n optimiser steps",
                    (b, v) -> b.logEveryNSteps(v.intValue())),
            flag("deterministic", Kind.BOOLEAN, "false", ALL_STAGES, s -> s.reproducibility().deterministic(), "require bit-reproducible results (rejects strategies that cannot give them)",
                    (b, v) -> b.deterministic(v.booleanValue())),
            flag("accelerator", Kind.ACCELERATOR, "auto", ALL_STAGES, s -> s.devices().accelerator().label(), "where steps run: auto (a GPU with the CUDA build, else CPU), cpu or gpu",
                    (b, v) -> b.accelerator(v.asText())),
            flag("devices", Kind.DEVICES, "auto", ALL_STAGES, s -> s.devices().devicesLabel(), "GPUs per executor (the local strategy uses one); auto: what Spark assigns",
                    (b, v) -> b.devices(v.asText())),
            flag("precision", Kind.PRECISION, "32", ALL_STAGES, s -> s.devices().precision().label(), "the network's data type: 64, 32, 16 (GPU only) or bf16; no mixed precision in DL4J",
                    (b, v) -> b.precision(v.asText())),
            flag("defaultRootDir", Kind.STRING, "'.'", ALL_STAGES, s -> s.output().defaultRootDir(), "root of logs and checkpoints (path or Hadoop URI)",
                    (b, v) -> b.defaultRootDir(v.asText())),
            flag("enableProgressBar", Kind.BOOLEAN, "true", ALL_STAGES, s -> s.output().enableProgressBar(), "show a progress bar per epoch",
                    (b, v) -> b.enableProgressBar(v.booleanValue())),
            flag("enableModelSummary", Kind.BOOLEAN, "true", FIT, s -> s.output().enableModelSummary(), "print the layer table when a fit starts",
                    (b, v) -> b.enableModelSummary(v.booleanValue())),
            flag("enableCheckpointing", Kind.BOOLEAN, "true", FIT, s -> s.output().enableCheckpointing(), "save a checkpoint of the latest epoch (unless a ModelCheckpoint is given)",
                    (b, v) -> b.enableCheckpointing(v.booleanValue())));

    private static TrainerFlag flag(String name, Kind kind, String defaultValue, String appliesTo, Function<TrainerSettings, Object> read,
                                    String description, BiConsumer<TrainerBuilder, JsonNode> apply) {
        return new TrainerFlag(name, kind, defaultValue, appliesTo, description, apply, read);
    }

    /** A batch count or fraction whose default is the whole epoch. */
    private static TrainerFlag batches(String name, String appliesTo, Function<TrainerSettings, BatchLimit> read, String description,
                                       CountSetter count, FractionSetter fraction) {
        return batchesWithDefault(name, "1.0", appliesTo, read, description, count, fraction);
    }

    private static TrainerFlag batchesWithDefault(String name, String defaultValue, String appliesTo, Function<TrainerSettings, BatchLimit> read,
                                                  String description, CountSetter count, FractionSetter fraction) {
        return flag(name, Kind.BATCHES, defaultValue, appliesTo, s -> read.apply(s).toString(), description, (b, v) -> {
            if (v.isIntegralNumber()) {
                count.set(b, v.intValue());
            } else {
                fraction.set(b, v.doubleValue());
            }
        });
    }

    /** The flag called {@code name}. */
    public static Optional<TrainerFlag> named(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst();
    }

    /** Sets this flag's default on {@code builder} (nothing for an unset default, {@code ~}). */
    void applyDefault(TrainerBuilder builder) {
        JsonNode value = value(defaultValue);
        if (!value.isNull()) {
            apply.accept(builder, value);
        }
    }

    /** A YAML value as this flag reads it ({@code ~} or empty: null). */
    public static JsonNode value(String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            return node == null || node.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a YAML value: " + yaml, e);
        }
    }

    /** Whether {@code value} has the JSON type this flag takes (its range is checked by the builder). */
    public boolean accepts(JsonNode value) {
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
