package dev.postern.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's log file, {@code <data_dir>/log/postern.log}, beside the console: the same lines
 * (docs/LOGGING.md), rolled daily and at 100 MB into {@code postern.YYYY-MM-DD.N.log.gz}, 30 days
 * and at most 5 GB kept. Attached by {@code postern serve} once the data directory is known, which
 * is why it is built here rather than in {@code logback.xml}.
 */
public final class LogFile implements AutoCloseable {

    /** The console's pattern (src/main/resources/logback.xml): one greppable line per event. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n";

    private final ch.qos.logback.classic.Logger root;
    private final RollingFileAppender<ILoggingEvent> appender;

    private LogFile(ch.qos.logback.classic.Logger root, RollingFileAppender<ILoggingEvent> appender) {
        this.root = root;
        this.appender = appender;
    }

    /** Starts writing the log to {@code <dataDir>/log/postern.log} as well; close to stop. */
    public static LogFile open(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("log");
        Files.createDirectories(dir);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IOException("logging is not Logback's: cannot add the log file");
        }
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        var appender = new RollingFileAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("FILE " + dir);
        appender.setFile(dir.resolve("postern.log").toString());
        appender.setEncoder(encoder);
        var policy = new SizeAndTimeBasedRollingPolicy<ILoggingEvent>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dir.resolve("postern.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("100MB"));
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("5GB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return new LogFile(root, appender);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
