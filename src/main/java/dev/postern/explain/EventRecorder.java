package dev.postern.explain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes events from sessions without making them wait: {@link #record} only offers the event to a
 * bounded queue; one thread writes what has gathered in one batch and prunes the table now and
 * then. A full queue or a failed write drops events (the {@code dropped} callback counts them):
 * an explanation may be missing, a session never fails for it.
 */
public final class EventRecorder implements AutoCloseable {

    static final Duration MAX_AGE = Duration.ofHours(24);
    static final int KEEP_PER_CLIENT = 100;
    static final int KEEP_TOTAL = 100_000;
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final EventStore store;
    private final Clock clock;
    private final Runnable dropped;
    private final BlockingQueue<Event> waiting = new ArrayBlockingQueue<>(CAPACITY);
    private final LinkedHashSet<String> clientsSincePrune = new LinkedHashSet<>();
    private final Thread writer;
    private volatile boolean closed;
    private Instant lastPrune = Instant.EPOCH;

    /** Starts the writer thread; {@code dropped} is called once per event not recorded. */
    public EventRecorder(EventStore store, Clock clock, Runnable dropped) {
        this.store = store;
        this.clock = clock;
        this.dropped = dropped;
        // A platform thread: the SQLite driver is JNI and would pin a virtual thread's carrier.
        this.writer = Thread.ofPlatform().daemon().name("postern-events").start(this::run);
    }

    /** Never blocks, never throws. */
    public void record(Event event) {
        if (closed || !waiting.offer(event)) {
            dropped.run();
        }
    }

    public Clock clock() {
        return clock;
    }

    private void run() {
        var batch = new ArrayList<Event>(BATCH);
        while (!closed || !waiting.isEmpty()) {
            try {
                Event first = waiting.poll(200, TimeUnit.MILLISECONDS); // short: close() waits for it
                if (first != null) {
                    batch.add(first);
                    waiting.drainTo(batch, BATCH - 1);
                    write(batch);
                    batch.clear();
                }
                pruneNowAndThen();
            } catch (InterruptedException e) {
                closed = true;
            }
        }
    }

    private void write(List<Event> batch) {
        try {
            store.append(batch);
            batch.forEach(e -> clientsSincePrune.add(e.client()));
        } catch (RuntimeException e) {
            log.warn("explain: {} events not recorded: {}", batch.size(), e.getMessage());
            batch.forEach(x -> dropped.run());
        }
    }

    private void pruneNowAndThen() {
        Instant now = clock.instant();
        if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) < 0) {
            return;
        }
        lastPrune = now;
        try {
            store.prune(now.minus(MAX_AGE), List.copyOf(clientsSincePrune), KEEP_PER_CLIENT, KEEP_TOTAL);
            clientsSincePrune.clear();
        } catch (RuntimeException e) {
            log.warn("explain: pruning old events failed: {}", e.getMessage());
        }
    }

    /** Writes what is waiting, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
