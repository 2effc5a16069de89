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
 * is why it is built here rather than in {@code logback.xml}. It is one more destination of the
 * root's {@link BatchingAppender} (logback.xml), so the console and the file are written by the
 * same background thread, one write per batch each; under a configuration without one (the
 * tests'), the file gets a batching writer of its own.
 */
public final class LogFile implements AutoCloseable {

    /** The console's pattern (src/main/resources/logback.xml): one greppable line per event. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n";

    /** Larger than a busy batch, so a batch is one write; flushed by the writer after each. */
    private static final FileSize BUFFER = FileSize.valueOf("64KB");

    private final BatchingAppender writer;
    private final RollingFileAppender<ILoggingEvent> appender;
    private final Runnable detachOwnWriter;

    private LogFile(BatchingAppender writer, RollingFileAppender<ILoggingEvent> appender, Runnable detachOwnWriter) {
        this.writer = writer;
        this.appender = appender;
        this.detachOwnWriter = detachOwnWriter;
    }

    /** Starts writing the log to {@code <dataDir>/log/postern.log} as well; close to stop. */
    public static LogFile open(Path dataDir) throws IOException {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IOException("logging is not Logback's: cannot add the log file");
        }
        return open(context, dataDir);
    }

    static LogFile open(LoggerContext context, Path dataDir) throws IOException {
        Path dir = dataDir.resolve("log");
        Files.createDirectories(dir);
        RollingFileAppender<ILoggingEvent> appender = rolling(context, dir);
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof BatchingAppender shared && shared.isStarted()) {
                shared.addAppender(appender);
                return new LogFile(shared, appender, () -> { });
            }
        }
        var own = new BatchingAppender();
        own.setContext(context);
        own.setName("BATCH " + dir);
        own.addAppender(appender);
        own.start();
        root.addAppender(own);
        return new LogFile(own, appender, () -> {
            root.detachAppender(own);
            own.stop();
        });
    }

    private static RollingFileAppender<ILoggingEvent> rolling(LoggerContext context, Path dir) {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        var appender = new RollingFileAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("FILE " + dir);
        appender.setFile(dir.resolve("postern.log").toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(false); // the batching writer flushes once per batch
        appender.setBufferSize(BUFFER);
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
        return appender;
    }

    /** The file's appender, for tests of its rolling. */
    RollingFileAppender<ILoggingEvent> appender() {
        return appender;
    }

    /**
     * Writes every line queued so far (to the console too), then stops writing the file. Waits
     * at most {@link BatchingAppender#PATIENCE} for a writer blocked on a full disk or pipe.
     */
    @Override
    public void close() {
        writer.detachAndStop(appender, BatchingAppender.PATIENCE);
        detachOwnWriter.run();
    }
}
