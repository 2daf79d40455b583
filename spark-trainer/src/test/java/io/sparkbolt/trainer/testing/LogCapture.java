package io.sparkbolt.trainer.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * The log lines written while it is open, from Log4j 2 (the backend Spark brings), as
 * {@code LEVEL logger: message}: what a user would read in the driver's log. The loggers named
 * are raised to INFO meanwhile (tests log at WARN).
 */
public final class LogCapture implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LogManager.getRootLogger();
    private final AbstractAppender appender;
    private final Map<String, Level> raised = new HashMap<>();

    /** Captures every logger's lines from now on; {@code infoLoggers} (names or package prefixes) log INFO meanwhile. */
    public LogCapture(String... infoLoggers) {
        for (String name : infoLoggers) {
            raised.put(name, LogManager.getLogger(name).getLevel());
            Configurator.setLevel(name, Level.INFO);
        }
        appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        root.addAppender(appender);
    }

    /** The lines that contain {@code text}. */
    public List<String> containing(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        root.removeAppender(appender);
        appender.stop();
        raised.forEach(Configurator::setLevel);
    }
}
