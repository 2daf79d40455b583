package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lightning's checkpoint file-name template: {@code {epoch}-{step}-{val_loss:.3f}} becomes
 * {@code epoch=2-step=300-val_loss=0.123} (with {@code autoInsertMetricName}; without it,
 * {@code 2-300-0.123}). A format after the colon is Python's: {@code .3f}, {@code .2e},
 * {@code 02d}, {@code .4g}. A metric not logged yet formats as 0, as in Lightning.
 */
final class CheckpointFilename {
    private static final Pattern FIELD = Pattern.compile("\\{([^{}:]+)(?::([^{}]*))?}");
    private static final Pattern SPEC = Pattern.compile("[0-9]*(\\.[0-9]+)?[dfeg]?");

    private final String template;
    private final boolean autoInsertMetricName;

    /** Checks every field's format now, so a bad template fails at construction with one line. */
    CheckpointFilename(String template, boolean autoInsertMetricName) {
        this.template = template;
        this.autoInsertMetricName = autoInsertMetricName;
        if (template.contains("/")) {
            throw new SparkboltException("ModelCheckpoint: filename '" + template + "' must not contain '/': put directories in dirPath");
        }
        Matcher fields = FIELD.matcher(template);
        while (fields.find()) {
            String spec = fields.group(2);
            if (spec != null && !SPEC.matcher(spec).matches()) {
                throw new SparkboltException("ModelCheckpoint: filename field {" + fields.group(1) + ":" + spec
                        + "} has a format Sparkbolt does not know; use d, f, e or g with an optional width and precision, e.g. .3f");
            }
        }
    }

    /** The file name (without {@code .ckpt}) for the given epoch, step and metrics. */
    String format(int epoch, long step, Map<String, Double> metrics) {
        Matcher fields = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (fields.find()) {
            String name = fields.group(1).trim();
            double value = switch (name) {
                case "epoch" -> epoch;
                case "step" -> step;
                default -> metrics.getOrDefault(name, 0.0);
            };
            String text = formatValue(name, value, fields.group(2));
            String field = (autoInsertMetricName ? name + "=" : "") + text;
            fields.appendReplacement(out, Matcher.quoteReplacement(field.replace('/', '_')));
        }
        fields.appendTail(out);
        return out.toString();
    }

    private static String formatValue(String name, double value, String spec) {
        boolean integral = name.equals("epoch") || name.equals("step");
        if (spec == null || spec.isEmpty()) {
            return integral ? Long.toString((long) value) : Double.toString(value);
        }
        char kind = Character.isLetter(spec.charAt(spec.length() - 1)) ? spec.charAt(spec.length() - 1) : 'g';
        String body = Character.isLetter(spec.charAt(spec.length() - 1)) ? spec.substring(0, spec.length() - 1) : spec;
        try {
            if (kind == 'd') {
                return String.format(Locale.ROOT, "%" + body + "d", (long) value);
            }
            return String.format(Locale.ROOT, "%" + body + kind, value);
        } catch (IllegalFormatException e) {
            throw new SparkboltException("ModelCheckpoint: cannot format " + name + " with '" + spec + "': " + e.getMessage(), e);
        }
    }
}
