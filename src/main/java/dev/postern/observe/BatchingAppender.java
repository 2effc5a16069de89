package dev.postern.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes the log from one background thread, in batches (docs/LOGGING.md). A logging thread only
 * queues its event; the writer, {@link #GATHER} after the first line of a batch, takes everything
 * queued, hands it to its destinations (the appenders attached to it: stderr, the log file), and
 * flushes each of them once the queue is empty: one {@code write(2)} per destination per batch,
 * and an idle server's line is on its destinations within a few milliseconds.
 *
 * <p>Nothing is dropped: when {@link #setCapacity capacity} events are waiting, loggers wait for
 * room. {@link #stop} writes everything queued; at JVM exit a shutdown hook does the same.
 * Destinations should not flush on every event ({@code immediateFlush=false}): the writer
 * flushes {@link OutputStreamAppender}s after each batch. Destinations are written only from
 * the writer thread, so they are never contended.
 */
public final class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    /** Events waiting before loggers wait: about a megabyte of lines. */
    static final int DEFAULT_CAPACITY = 8192;

    /** How long the writer lets a batch gather once it has a line: the longest an idle line waits. */
    static final Duration GATHER = Duration.ofMillis(5);

    /** How long stop, flush and the exit hook wait for a writer stuck on a full pipe or disk. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final AppenderAttachableImpl<ILoggingEvent> destinations = new AppenderAttachableImpl<>();
    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writerParked = new AtomicBoolean();
    private int capacity = DEFAULT_CAPACITY;
    private Semaphore room;
    private volatile boolean running;
    private volatile Thread writer;
    private Thread exitHook;

    /** What the writer takes from the queue, in the order it was queued. */
    private sealed interface Entry {
    }

    private record Line(ILoggingEvent event) implements Entry {
    }

    private record Flush(CountDownLatch done) implements Entry {
    }

    private record Detach(Appender<ILoggingEvent> destination, CountDownLatch done) implements Entry {
    }

    /** Events that may wait before a logger has to wait (logback.xml: {@code <capacity>}). */
    public void setCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        room = new Semaphore(capacity);
        running = true;
        writer = Thread.ofPlatform().daemon().name("log-writer").start(this::runWriter);
        exitHook = Thread.ofPlatform().name("log-flush").unstarted(() -> flush(PATIENCE));
        Runtime.getRuntime().addShutdownHook(exitHook);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The message's {} are filled in now: an argument may change once the call returns.
        event.prepareForDeferredProcessing();
        if (Thread.currentThread() == writer) {
            destinations.appendLoopOnAppenders(event); // a destination logging: the queue waits on us
            return;
        }
        room.acquireUninterruptibly(); // full: the logger waits, no line is ever dropped
        queue.offer(new Line(event));
        wake();
    }

    /**
     * Writes and flushes everything queued before the call to every destination; false if the
     * writer did not get there within {@code patience} (a destination blocked).
     */
    public boolean flush(Duration patience) {
        if (!running) {
            return true;
        }
        var done = new CountDownLatch(1);
        return enqueueAndAwait(new Flush(done), done, patience);
    }

    /**
     * Writes everything queued before the call to every destination, then detaches and stops
     * {@code destination}; false if the writer did not get there within {@code patience}.
     */
    public boolean detachAndStop(Appender<ILoggingEvent> destination, Duration patience) {
        if (!running) {
            destinations.detachAppender(destination);
            destination.stop();
            return true;
        }
        var done = new CountDownLatch(1);
        return enqueueAndAwait(new Detach(destination, done), done, patience);
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // Logback queues no more events from here on
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) {
            drain(); // what a logger queued while the writer was finishing
            destinations.detachAndStopAllAppenders();
        } else {
            addError("log writer still blocked after " + PATIENCE.toSeconds() + "s; lines may be missing");
        }
        removeExitHook();
    }

    private boolean enqueueAndAwait(Entry entry, CountDownLatch done, Duration patience) {
        if (Thread.currentThread() == writer) {
            return true; // the writer's own logging is written synchronously
        }
        queue.offer(entry);
        wake();
        try {
            return done.await(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Unparks the writer only when it sleeps, and only once: a busy writer costs loggers no syscall. */
    private void wake() {
        if (writerParked.get() && writerParked.compareAndSet(true, false)) {
            LockSupport.unpark(writer);
        }
    }

    /**
     * The writer thread: batches until stopped, then writes what is left. It sleeps
     * {@link #GATHER} before each batch, so that a burst leaves in one write, and sleeps until a
     * logger wakes it only when a whole {@code GATHER} brought nothing: a busy server's writer
     * sleeps once per batch and its loggers never wake it.
     */
    private void runWriter() {
        while (running) {
            LockSupport.parkNanos(this, GATHER.toNanos());
            if (queue.isEmpty()) {
                awaitWork();
            } else {
                drain();
            }
        }
        drain();
    }

    private void awaitWork() {
        writerParked.set(true);
        // Set before looking: a logger that queued after the look sees the flag and unparks us.
        if (queue.isEmpty() && running) {
            LockSupport.park(this);
        }
        writerParked.set(false);
    }

    /** Writes everything queued, flushing once the queue is empty. */
    private void drain() {
        boolean unflushed = false;
        for (Entry entry; (entry = queue.poll()) != null; ) {
            switch (entry) {
                case Line(ILoggingEvent event) -> {
                    room.release();
                    destinations.appendLoopOnAppenders(event);
                    unflushed = true;
                }
                case Flush(CountDownLatch done) -> {
                    flushDestinations();
                    unflushed = false;
                    done.countDown();
                }
                case Detach(Appender<ILoggingEvent> destination, CountDownLatch done) -> {
                    flushDestinations();
                    unflushed = false;
                    destinations.detachAppender(destination);
                    destination.stop();
                    done.countDown();
                }
            }
        }
        if (unflushed) {
            flushDestinations();
        }
    }

    /** One write per destination for the whole batch: what the encoders left in the buffers. */
    private void flushDestinations() {
        for (Iterator<Appender<ILoggingEvent>> it = destinations.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && out.isStarted()) {
                try {
                    OutputStream stream = out.getOutputStream();
                    if (stream != null) {
                        stream.flush();
                    }
                } catch (IOException | RuntimeException e) {
                    addError("cannot flush the log to " + out.getName(), e);
                }
            }
        }
    }

    private void removeExitHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException exiting) {
            // stopped by a shutdown hook: ours is running too, and finds nothing left to write
        }
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> destination) {
        destinations.addAppender(destination);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return destinations.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return destinations.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> destination) {
        return destinations.isAttached(destination);
    }

    @Override
    public void detachAndStopAllAppenders() {
        destinations.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> destination) {
        return destinations.detachAppender(destination);
    }

    @Override
    public boolean detachAppender(String name) {
        return destinations.detachAppender(name);
    }
}
