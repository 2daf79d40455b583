package io.sparkbolt.trainer.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything Sparkbolt writes or prints: a value whose key names a secret
 * (S3 and Azure keys, passwords, tokens, SAS signatures) is replaced by {@link #MASK} in logs,
 * {@code --print-config}, {@code config.yaml}, {@code hparams.yaml}, TensorBoard and checkpoints.
 * The values themselves still reach Spark and Hadoop, which need them.
 */
public final class Secrets {
    /** What a secret value is written as. */
    public static final String MASK = "******";
    private static final List<String> SECRET_WORDS = List.of("secret", "password", "passwd", "token", "credential",
            "access.key", "accesskey", "access_key", "account.key", "sas", "private.key", "privatekey", "apikey", "api.key", "api_key");
    /** {@code key=value} as in {@code --conf key=value} or {@code -Dkey=value}, for masking a command line. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z0-9_.\\-]+)=([^\\s'\"]+)");

    private Secrets() {
    }

    /**
     * Whether {@code key} names a secret: it contains a word such as {@code secret}, {@code password},
     * {@code token} or {@code access.key}, and is not the name of a class that provides one
     * ({@code fs.s3a.aws.credentials.provider}).
     */
    public static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".provider") || lower.endsWith("provider.type")) {
            return false;
        }
        String words = lower.replace('-', '.');
        for (String word : SECRET_WORDS) {
            if (words.contains(word) && !(word.equals("sas") && !isSasKey(words))) {
                return true;
            }
        }
        return false;
    }

    /** The value to show for {@code key}: {@link #MASK} for a secret. */
    public static Object mask(String key, Object value) {
        return value != null && isSecretKey(key) ? MASK : value;
    }

    /** A copy of {@code values} with secrets masked, nested maps included. */
    public static Map<String, Object> mask(Map<String, ?> values) {
        Map<String, Object> masked = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested && !isSecretKey(entry.getKey())) {
                Map<String, Object> inner = new LinkedHashMap<>();
                nested.forEach((k, v) -> inner.put(String.valueOf(k), v));
                masked.put(entry.getKey(), mask(inner));
            } else {
                masked.put(entry.getKey(), mask(entry.getKey(), value));
            }
        }
        return masked;
    }

    /** {@code line} with the value of every {@code key=value} whose key names a secret masked. */
    public static String maskAssignments(String line) {
        Matcher matcher = ASSIGNMENT.matcher(line);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = isSecretKey(matcher.group(1)) ? matcher.group(1) + "=" + MASK : matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** "sas" only as a word of its own ({@code fs.azure.sas.token}), not inside another ({@code ...database...}). */
    private static boolean isSasKey(String key) {
        return key.matches(".*(^|[._])sas([._]|$).*");
    }
}
