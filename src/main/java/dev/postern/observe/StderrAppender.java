package dev.postern.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.OutputStream;

/**
 * The console destination of {@link BatchingAppender}: standard error behind a buffer, so the
 * lines of one batch leave in one {@code write(2)} when the writer flushes. Logback's
 * {@code ConsoleAppender} cannot: {@code System.err} flushes on every line it is given.
 * Configured in {@code logback.xml} with {@code immediateFlush=false}; with the default (true)
 * it writes each line at once, like {@code ConsoleAppender}.
 */
public final class StderrAppender extends OutputStreamAppender<ILoggingEvent> {

    /** Larger than a busy batch, so a batch is one write. */
    private static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public void start() {
        setOutputStream(new BufferedOutputStream(new CurrentStderr(), BUFFER_BYTES));
        super.start();
    }

    /** Whatever {@code System.err} is when the batch is written: tests and tools may replace it. */
    private static final class CurrentStderr extends OutputStream {
        @Override
        public void write(int b) {
            System.err.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.err.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.err.flush();
        }
    }
}
