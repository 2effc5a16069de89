package dev.postern.observe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The background writer on its own: every line queued arrives, in order, once per batch; a full
 * queue makes the logger wait instead of dropping; stop writes what is queued.
 */
class BatchingAppenderTest {

    private final LoggerContext context = context();
    private final Gate gate = new Gate();
    private final BatchingAppender writer = new BatchingAppender();
    private final Logger log = context.getLogger("dev.postern.Batch");

    @AfterEach
    void stop() {
        gate.open.countDown();
        context.stop();
    }

    @Test
    void stopWritesEveryQueuedLineInOrder() throws Exception {
        start(writer, gate);
        List<String> expected = logLines(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.waiting); // 99 still queued behind it
        Thread stopper = Thread.ofPlatform().start(writer::stop);
        await().atMost(Duration.ofSeconds(5)).until(() -> stopper.getState() == Thread.State.TIMED_WAITING);
        gate.open.countDown();
        stopper.join();
        assertThat(gate.lines).containsExactlyElementsOf(expected);
        assertThat(gate.isStarted()).as("stop stops the destinations").isFalse();
    }

    @Test
    void aFullQueueMakesTheLoggerWaitAndLosesNoLineWarningsIncluded() throws Exception {
        writer.setCapacity(4);
        start(writer, gate);
        List<String> expected = Collections.synchronizedList(new ArrayList<>());
        Thread logger = Thread.ofPlatform().start(() -> expected.addAll(logLines(50)));
        await().atMost(Duration.ofSeconds(5)).until(() -> logger.getState() == Thread.State.WAITING);
        assertThat(gate.lines).as("the writer is held at the first line").isEmpty();
        gate.open.countDown();
        logger.join();
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.lines.size() == 50);
        assertThat(gate.lines).containsExactlyElementsOf(expected);
        assertThat(expected).anyMatch(l -> l.startsWith("WARN ")).anyMatch(l -> l.startsWith("ERROR "));
    }

    @Test
    void aBatchLeavesInOneWriteAndAnIdleLineIsFlushedWithoutAsking() throws Exception {
        var writes = new CountingStream();
        start(writer, gate, buffered(writes));
        List<String> expected = logLines(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.waiting);
        gate.open.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> writes.text().lines().count() == 100);
        assertThat(writes.calls.get()).as("100 queued lines, one write").isEqualTo(1);
        assertThat(writes.text().lines().toList()).containsExactlyElementsOf(expected);

        log.info("alone");
        await().atMost(Duration.ofSeconds(5)).until(() -> writes.text().endsWith("INFO alone\n"));
        assertThat(writes.calls.get()).isEqualTo(2);
    }

    @Test
    void flushReturnsOnceEverythingQueuedIsWritten() {
        var writes = new CountingStream();
        gate.open.countDown();
        start(writer, buffered(writes));
        List<String> expected = logLines(20);
        assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(writes.text().lines().toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void theMessageIsFilledInWhenLoggedNotWhenWritten() {
        start(writer, gate);
        log.info("first");
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.waiting);
        var recipients = new StringBuilder("<a@example.test>");
        log.info("to={}", recipients);
        recipients.append(",<changed-later@example.test>");
        gate.open.countDown();
        assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(gate.lines).containsExactly("INFO first", "INFO to=<a@example.test>");
    }

    private static LoggerContext context() {
        var context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what Logback's SLF4J provider does
        return context;
    }

    /** Logs n lines, every 10th a WARN and every 25th an ERROR; returns them as written. */
    private List<String> logLines(int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            if (i % 25 == 24) {
                log.error("line {}", i);
                return "ERROR line " + i;
            }
            if (i % 10 == 9) {
                log.warn("line {}", i);
                return "WARN line " + i;
            }
            log.info("line {}", i);
            return "INFO line " + i;
        }).toList();
    }

    @SafeVarargs
    private void start(BatchingAppender appender, ch.qos.logback.core.Appender<ILoggingEvent>... destinations) {
        appender.setContext(context);
        appender.setName("BATCH");
        for (var destination : destinations) {
            destination.setContext(context);
            destination.start();
            appender.addAppender(destination);
        }
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    private OutputStreamAppender<ILoggingEvent> buffered(OutputStream out) {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        var appender = new OutputStreamAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("BUFFERED");
        appender.setEncoder(encoder);
        appender.setImmediateFlush(false);
        appender.setOutputStream(new BufferedOutputStream(out, 64 * 1024));
        return appender;
    }

    /** A destination that holds the writer at its first line until the gate opens. */
    private static final class Gate extends AppenderBase<ILoggingEvent> {
        final CountDownLatch open = new CountDownLatch(1);
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        volatile boolean waiting;

        Gate() {
            setName("GATE");
        }

        @Override
        protected void append(ILoggingEvent event) {
            waiting = true;
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(event.getLevel() + " " + event.getFormattedMessage());
        }
    }

    /** Counts the writes that reach it: each would be one write(2) on a file or pipe. */
    private static final class CountingStream extends OutputStream {
        final AtomicInteger calls = new AtomicInteger();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            calls.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(UTF_8);
        }
    }
}
