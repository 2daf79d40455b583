package io.sparkbolt.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkbolt.trainer.api.SparkboltException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A YAML run config as a tree, remembering where each key came from (file and line, or the
 * command-line override), so every error can say where the bad value is.
 */
final class ConfigDocument {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SPARK_CONF = "spark.conf.";
    /** How {@link #where} names a key given as an override. */
    static final String COMMAND_LINE = "command line --";

    private final String source;
    private final ObjectNode root;
    private final Map<String, String> origins = new HashMap<>();

    private ConfigDocument(String source, ObjectNode root) {
        this.source = source;
        this.root = root;
    }

    /** Parses YAML text read from {@code source} (a file name, for messages). */
    static ConfigDocument parse(String source, String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                // SnakeYAML's own words: where it was, what it found, and its hint ("Do not use \t(TAB) for indentation").
                throw new SparkboltException(source + ":" + (marked.getProblemMark().getLine() + 1) + ": not valid YAML: "
                        + (marked.getContext() != null ? marked.getContext() + ": " : "") + marked.getProblem());
            }
            throw new SparkboltException(source + ":" + e.getLocation().getLineNr() + ": not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new SparkboltException(source + ":1: a run config must be a mapping of keys (seed, model, data, trainer, spark)");
        }
        ConfigDocument document = new ConfigDocument(source, (ObjectNode) tree);
        document.recordLines(yaml);
        return document;
    }

    private void recordLines(String yaml) {
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    origins.put(pointer, source + ":" + parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            throw new SparkboltException(source + ": not valid YAML: " + e.getMessage());
        }
    }

    /**
     * Applies {@code key=value} from the command line ({@code trainer.maxEpochs=10}); the value is
     * read as YAML, so {@code [512, 256]} is a list. Under {@code spark.conf.} the rest is one Spark
     * property name ({@code spark.conf.spark.executor.memory=8g}).
     */
    void override(String key, String value) {
        String[] parts = key.startsWith(SPARK_CONF) // Spark's own keys have dots: spark.conf.spark.executor.memory
                ? new String[] {"spark", "conf", key.substring(SPARK_CONF.length())} : key.split("\\.");
        ObjectNode node = root;
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            pointer.append('/').append(parts[i]);
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            } else if (!child.isObject()) {
                throw new SparkboltException(COMMAND_LINE + key + ": " + display(pointer.toString()) + " is not a mapping");
            }
            node = (ObjectNode) child;
        }
        JsonNode parsed;
        try {
            parsed = YAML.readTree(value.isEmpty() ? "''" : value);
        } catch (JsonProcessingException e) {
            throw new SparkboltException(COMMAND_LINE + key + "=" + value + ": not a valid YAML value");
        }
        String last = parts[parts.length - 1];
        node.set(last, parsed == null ? JsonNodeFactory.instance.nullNode() : parsed);
        String replaced = pointer.append('/').append(last).toString();
        origins.keySet().removeIf(k -> k.startsWith(replaced + "/")); // the file's keys under it are gone
        origins.put(replaced, COMMAND_LINE + key);
    }

    /**
     * Lays {@code later} over this document, as a second {@code --config} file: mappings merge key
     * by key, anything else (values, lists) is replaced; each key remembers the file it came from.
     */
    void merge(ConfigDocument later) {
        mergeInto(root, later.root, "", later);
    }

    private void mergeInto(ObjectNode into, ObjectNode from, String pointer, ConfigDocument later) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = from.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = pointer + "/" + field.getKey();
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode laterObject) {
                mergeInto(existingObject, laterObject, child, later);
            } else {
                into.set(field.getKey(), field.getValue());
                origins.keySet().removeIf(key -> key.startsWith(child + "/"));
            }
            String origin = later.origins.get(child);
            if (origin != null) {
                origins.put(child, origin);
            }
        }
        later.origins.forEach((key, origin) -> {
            if (key.startsWith(pointer + "/") && !origins.containsKey(key)) {
                origins.put(key, origin);
            }
        });
    }

    ObjectNode root() {
        return root;
    }

    /** Where the key at {@code pointer} (e.g. {@code /trainer/maxEpochs}) was given. */
    String where(String pointer) {
        String origin = origins.get(pointer);
        if (origin != null) {
            return origin;
        }
        int cut = pointer.lastIndexOf('/');
        return cut > 0 ? where(pointer.substring(0, cut)) : source;
    }

    /** An error about the value at {@code pointer}: {@code file:line: key: message}. */
    SparkboltException error(String pointer, String message) {
        return new SparkboltException(where(pointer) + ": " + display(pointer) + ": " + message);
    }

    /** {@code /trainer/callbacks/0/class} as {@code trainer.callbacks[0].class}. */
    static String display(String pointer) {
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = JsonPointer.compile(pointer); p != null && !p.matches(); p = p.tail()) {
            String property = p.getMatchingProperty();
            if (p.getMatchingIndex() >= 0 && property.chars().allMatch(Character::isDigit)) {
                out.append('[').append(property).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(property);
            }
        }
        return out.toString();
    }
}
