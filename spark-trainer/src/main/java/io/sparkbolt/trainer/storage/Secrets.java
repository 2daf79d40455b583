package io.sparkbolt.trainer.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything Sparkbolt writes or prints: a value whose key names a secret
 * (S3 and Azure keys, passwords, tokens, SAS signatures, private and encryption keys) is replaced by
 * {@link #MASK} in logs, {@code --print-config}, {@code config.yaml}, {@code hparams.yaml},
 * TensorBoard and checkpoints, and so are secrets inside values: the password of a URL's user info
 * ({@code https://user:******@host}), {@code password=}, {@code pwd=}, {@code token=}, {@code sig=}
 * query and JDBC parameters, and {@code key=value} assignments of secret keys. The values
 * themselves still reach Spark and Hadoop, which need them.
 */
public final class Secrets {
    /** What a secret value is written as. */
    public static final String MASK = "******";
    private static final List<String> SECRET_WORDS = List.of("secret", "password", "passwd", "token", "credential",
            "access.key", "accesskey", "access_key", "account.key", "sas", "private.key", "privatekey", "private_key", "apikey",
            "api.key", "api_key", "encryption.key", "passphrase");
    /** {@code key=value} as in {@code --conf key=value} or {@code -Dkey=value}, for masking a command line. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z0-9_.\\-]+)=([^\\s'\"]+)");

    /** The password part of a URL's user info: {@code scheme://user:PASSWORD@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*://[^/\\s:@'\"]+:)([^\\s@'\"]+)(@)");
    /** A secret parameter of a URL query or a JDBC URL: {@code ?password=...}, {@code ;pwd=...}, {@code &sig=...}. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:password|pwd|passwd|token|access_token|sig|secret|api_key|apikey)=)([^&;\\s'\"]+)");

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

    /** The value to show for {@code key}: {@link #MASK} for a secret (a Databricks {@code {{secrets/...}}} reference is none). */
    public static Object mask(String key, Object value) {
        return value != null && isSecretKey(key) && !isSecretReference(value) ? MASK : value;
    }

    /** Whether {@code value} names a secret kept elsewhere ({@code {{secrets/scope/key}}}) rather than holding one. */
    public static boolean isSecretReference(Object value) {
        return value instanceof String text && text.matches("\\{\\{secrets/[^/{}]+/[^/{}]+}}");
    }

    /** A copy of {@code values} with secrets masked: under secret keys, inside text, in nested maps and lists. */
    public static Map<String, Object> mask(Map<String, ?> values) {
        Map<String, Object> masked = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            Object value = entry.getValue();
            boolean secret = isSecretKey(entry.getKey()) && value != null && !isSecretReference(value);
            masked.put(entry.getKey(), secret ? MASK : maskNested(value));
        }
        return masked;
    }

    private static Object maskNested(Object value) {
        if (value instanceof Map<?, ?> nested) {
            Map<String, Object> inner = new LinkedHashMap<>();
            nested.forEach((k, v) -> inner.put(String.valueOf(k), v));
            return mask(inner);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Secrets::maskNested).toList();
        }
        if (value instanceof String text) {
            return maskText(text);
        }
        return value;
    }

    /**
     * {@code text} with every secret inside it masked: URL passwords, secret query and JDBC
     * parameters, and {@code key=value} assignments of secret keys. What log lines go through.
     */
    public static String maskText(String text) {
        if (text == null || text.indexOf('=') < 0 && text.indexOf('@') < 0) {
            return text; // the common case, cheaply: nothing that could hold a secret
        }
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
        masked = SECRET_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return maskAssignments(masked);
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
