package io.sparkbolt.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerBuilder;
import io.sparkbolt.trainer.TrainerFlag;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Suggestions;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.storage.Storage;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run config (YAML file plus command-line overrides), validated key by key, that builds the
 * module, the data module and the Trainer. Every error names the file and line (or the override)
 * and the key.
 */
public final class RunConfig {
    private static final Set<String> TOP_LEVEL = Set.of("seed", "model", "data", "trainer", "spark", "ckptPath");
    private static final Set<String> SPARK_KEYS = Set.of("master", "appName", "conf", "executors", "executorCores",
            "executorMemory", "gpusPerExecutor", "eventLogDir");

    private final ConfigDocument document;
    private final Components components;
    private final List<String> userJars;

    private RunConfig(ConfigDocument document, List<String> userJars, boolean needsData) {
        this.document = document;
        this.userJars = List.copyOf(userJars);
        this.components = new Components(document);
        validateTopLevel(needsData);
    }

    /**
     * A run config given as YAML text ({@code source} names it in errors), for a caller that brings
     * its own data: the Spark ML estimator, which trains on the frame handed to {@code fit}. It has
     * a {@code model:} section and no {@code data:} section.
     */
    public static RunConfig withoutData(String source, String yaml) {
        ConfigDocument document = ConfigDocument.parse(source, yaml);
        if (document.root().has("data")) {
            throw document.error("/data", "is given by the frame passed to fit; leave the data section out of this config");
        }
        return new RunConfig(document, List.of(), false);
    }

    /**
     * Reads the config files (paths or Hadoop URIs; a later file's keys win over an earlier one's)
     * and applies {@code key=value} overrides; {@code userJars} (from {@code --jars}) join
     * {@code spark.jars}. It must have {@code model:} and {@code data:} sections.
     */
    public static RunConfig load(List<String> locations, Map<String, String> overrides, List<String> userJars) {
        ConfigDocument document = null;
        for (String location : locations) {
            ConfigDocument next = ConfigDocument.parse(location, text(location));
            if (document == null) {
                document = next;
            } else {
                document.merge(next);
            }
        }
        if (document == null) {
            throw new SparkboltException("no --config file given");
        }
        overrides.forEach(document::override);
        return new RunConfig(document, userJars, true);
    }

    /** A config file's text (a path or Hadoop URI); one line when it is missing or unreadable. */
    public static String text(String location) {
        org.apache.hadoop.fs.Path path = Storage.path(location);
        if (!Storage.exists(path)) {
            throw new SparkboltException("config file " + location + " does not exist");
        }
        try (InputStream in = Storage.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SparkboltException("cannot read config file " + location + ": " + e.getMessage(), e);
        }
    }

    private void validateTopLevel(boolean needsData) {
        for (Iterator<String> keys = document.root().fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!TOP_LEVEL.contains(key)) {
                throw document.error("/" + key, "unknown key" + Suggestions.didYouMean(key, TOP_LEVEL)
                        + " (a run config has: seed, model, data, trainer, spark, ckptPath)");
            }
        }
        for (String required : needsData ? List.of("model", "data") : List.of("model")) {
            if (!document.root().has(required)) {
                throw new SparkboltException(document.where("") + ": missing '" + required + "' section");
            }
        }
        JsonNode seed = document.root().get("seed");
        if (seed != null && !seed.isIntegralNumber()) {
            throw document.error("/seed", "must be an integer, got " + seed);
        }
        JsonNode spark = document.root().get("spark");
        if (spark != null) {
            if (!spark.isObject()) {
                throw document.error("/spark", "must be a mapping with master, appName, conf");
            }
            spark.fieldNames().forEachRemaining(key -> {
                if (!SPARK_KEYS.contains(key)) {
                    throw document.error("/spark/" + key, "unknown key" + Suggestions.didYouMean(key, SPARK_KEYS)
                            + " (spark takes: " + String.join(", ", new java.util.TreeSet<>(SPARK_KEYS)) + ")");
                }
            });
        }
    }

    /** The {@code model:} section's module, built through its {@code @Arg} constructor. */
    public LightningModule model() {
        return components.create("/model", LightningModule.class);
    }

    /** The {@code data:} section's data module, built through its {@code @Arg} constructor. */
    public DataModule data() {
        return components.create("/data", DataModule.class);
    }

    /** The checkpoint to start from ({@code ckptPath}: a path, {@code last} or {@code best}), or {@code null}. */
    public String ckptPath() {
        JsonNode path = document.root().get("ckptPath");
        if (path == null || path.isNull()) {
            return null;
        }
        if (!path.isTextual() || path.asText().isBlank()) {
            throw document.error("/ckptPath", "must be a checkpoint path, 'last' or 'best'");
        }
        return path.asText();
    }

    /** Builds the Trainer from the {@code trainer:} section and the top-level {@code seed}. */
    public Trainer trainer() {
        TrainerBuilder builder = Trainer.builder().config(resolvedYaml());
        JsonNode seed = document.root().get("seed");
        if (seed != null) {
            builder.seed(seed.longValue());
        }
        JsonNode trainer = document.root().get("trainer");
        if (trainer == null || trainer.isNull()) {
            return build(builder);
        }
        if (!trainer.isObject()) {
            throw document.error("/trainer", "must be a mapping of trainer flags");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = trainer.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String pointer = "/trainer/" + field.getKey();
            try {
                switch (field.getKey()) {
                    case "strategy" -> builder.strategy(strategy(pointer, field.getValue()));
                    case "callbacks" -> builder.callbacks(list(pointer, field.getValue(), Callback.class));
                    case "loggers" -> builder.loggers(loggers(pointer, field.getValue()));
                    default -> applyFlag(builder, pointer, field.getKey(), field.getValue());
                }
            } catch (SparkboltException e) {
                throw e.getMessage().startsWith(document.where(pointer)) ? e : document.error(pointer, strip(e.getMessage()));
            }
        }
        return build(builder);
    }

    private Trainer build(TrainerBuilder builder) {
        try {
            return builder.build();
        } catch (SparkboltException e) {
            throw document.error("/trainer", strip(e.getMessage()));
        }
    }

    /** The builder says "trainer flag x ..."; the location already names the key. */
    private static String strip(String message) {
        return message.replaceFirst("^trainer flag \\w+ ", "");
    }

    private void applyFlag(TrainerBuilder builder, String pointer, String key, JsonNode value) {
        TrainerFlag flag = TrainerFlag.named(key).orElseThrow(() -> document.error(pointer, "unknown trainer flag"
                + Suggestions.didYouMean(key, TrainerFlag.ALL.stream().map(TrainerFlag::name).toList())
                + " (sparkbolt flags lists them)"));
        if (!flag.accepts(value)) {
            throw document.error(pointer, "expected " + flag.kind().shape() + ", got " + value);
        }
        try {
            flag.apply().accept(builder, value);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw document.error(pointer, "expected " + flag.kind().shape() + ", got " + value);
        }
    }

    private io.sparkbolt.trainer.strategy.Strategy strategy(String pointer, JsonNode value) {
        String name;
        Map<String, Object> options = new LinkedHashMap<>();
        if (value.isTextual()) {
            name = value.asText();
        } else if (value.isObject() && value.path("name").isTextual()) {
            name = value.get("name").asText();
            ObjectNode rest = ((ObjectNode) value).deepCopy();
            rest.remove("name");
            options.putAll(ConfigDocument.YAML.convertValue(rest, Map.class));
        } else {
            throw document.error(pointer, "must be a strategy name or {name: ..., options}");
        }
        try {
            return StrategyProvider.named(name).create(options, sparkSettings());
        } catch (IllegalArgumentException e) {
            throw document.error(pointer, e.getMessage());
        }
    }

    /**
     * What {@code sparkbolt submit} needs from the {@code spark:} section: master, name, properties
     * and the executor resources ({@code executors}, {@code executorCores}, {@code executorMemory}
     * as one figure per executor, {@code gpusPerExecutor}, {@code eventLogDir}).
     */
    public ClusterSpec cluster() {
        SparkSettings settings = sparkSettings();
        JsonNode spark = document.root().path("spark");
        String memory = spark.has("executorMemory") ? text(spark, "executorMemory") : "4g";
        long memoryMb;
        try {
            memoryMb = org.apache.spark.network.util.JavaUtils.byteStringAsMb(memory);
        } catch (NumberFormatException e) {
            throw document.error("/spark/executorMemory", "must be a size like 8g or 4096m, got '" + memory + "'");
        }
        return new ClusterSpec(settings.master(), settings.appName(), settings.conf(), count(spark, "executors", 2),
                count(spark, "executorCores", 1), memoryMb, count(spark, "gpusPerExecutor", 0), text(spark, "eventLogDir"));
    }

    private int count(JsonNode spark, String key, int fallback) {
        JsonNode value = spark.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.intValue() < 0) {
            throw document.error("/spark/" + key, "must be a whole number >= 0, got " + value);
        }
        return value.intValue();
    }

    /** The {@code spark:} section (already validated), with the user's jars added to {@code spark.jars}. */
    public SparkSettings sparkSettings() {
        JsonNode spark = document.root().path("spark");
        JsonNode conf = spark.get("conf");
        if (conf != null && !conf.isNull() && !conf.isObject()) {
            throw document.error("/spark/conf", "must be a mapping of spark.* properties");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (conf != null) {
            conf.fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
        }
        if (!userJars.isEmpty()) {
            List<String> jars = new ArrayList<>();
            String configured = properties.get("spark.jars");
            if (configured != null && !configured.isBlank()) {
                jars.add(configured);
            }
            jars.addAll(userJars);
            properties.put("spark.jars", String.join(",", jars));
        }
        return new SparkSettings(text(spark, "master"), text(spark, "appName"), properties);
    }

    private String text(JsonNode section, String key) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw document.error("/spark/" + key, "must be text, got " + value);
        }
        return value.asText();
    }

    private List<Logger> loggers(String pointer, JsonNode value) {
        if (value.isBoolean()) {
            if (value.booleanValue()) {
                throw document.error(pointer, "'true' is the default; give false to turn logging off, or a list of loggers");
            }
            return List.of();
        }
        return list(pointer, value, Logger.class);
    }

    private <T> List<T> list(String pointer, JsonNode value, Class<T> type) {
        if (!value.isArray()) {
            throw document.error(pointer, "must be a list of {class: ..., args: {...}}");
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(components.create(pointer + "/" + i, type));
        }
        return items;
    }

    /**
     * The config as resolved (overrides applied), for {@code config.yaml} beside the logs, checkpoints
     * and {@code --print-config}: secrets masked.
     */
    public String resolvedYaml() {
        try {
            return ConfigDocument.YAML.writeValueAsString(SecretMasking.masked(document.root()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write back a config tree", e);
        }
    }
}
