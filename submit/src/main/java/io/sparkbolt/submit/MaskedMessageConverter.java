package io.sparkbolt.submit;

import io.sparkbolt.trainer.storage.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %maskedMessage} in a Log4j 2 pattern: the log line's message, and the stack trace of its
 * throwable if it has one, with every secret inside them masked ({@link Secrets#maskText}). The
 * command line's {@code log4j2.properties} uses it, so no line Spark, Hadoop or user code logs in
 * the driver shows a password or token that a config or URL carried.
 */
@Plugin(name = "MaskedMessageConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskedMessage"})
public final class MaskedMessageConverter extends LogEventPatternConverter {

    private MaskedMessageConverter() {
        super("maskedMessage", "message");
    }

    /** What Log4j calls to make the converter; the pattern's options are not used. */
    public static MaskedMessageConverter newInstance(String[] options) {
        return new MaskedMessageConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        toAppendTo.append(Secrets.maskText(event.getMessage().getFormattedMessage()));
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            toAppendTo.append(System.lineSeparator()).append(Secrets.maskText(trace.toString().stripTrailing()));
        }
    }

    @Override
    public boolean handlesThrowable() {
        return true; // the layout must not print the unmasked trace again
    }
}
