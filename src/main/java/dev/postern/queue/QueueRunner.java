package dev.postern.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes due entries to the {@link Deliverer}. Entries wait in a schedule ordered by due time, so a
 * fresh entry (due now) goes ahead of deferred ones; each attempt runs on its own virtual thread
 * (up to {@code concurrency} at once), so a slow delivery does not hold up the others. A commit
 * wakes the loop at once. The schedule is rebuilt from the files at start-up. Flushes and releases
 * from the admin CLI arrive as flush requests ({@link Queue#requestFlush}), polled every 5 seconds.
 */
public final class QueueRunner {

    private static final Logger log = LoggerFactory.getLogger(QueueRunner.class);
    /**
     * How often the loop looks for flush requests from the admin CLI (another process); also the
     * upper bound on sleeping, so a clock that jumps (or a test clock) is noticed.
     */
    static final Duration FLUSH_POLL = Duration.ofSeconds(5);
    /** Postfix's delay_warning_time is off by default; Postern warns after 4 hours, as Sendmail does. */
    public static final Duration DEFAULT_DELAY_WARNING = Duration.ofHours(4);

    private record Scheduled(Instant due, QueueEntry entry) {}

    private final Queue queue;
    private final DeliveryAttempt attempt;
    private final Clock clock;
    private final int concurrency;
    private final Semaphore slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Scheduled> schedule = new PriorityQueue<>(
            Comparator.comparing(Scheduled::due).thenComparing(s -> s.entry().id()));
    private final Set<QueueId> known = new HashSet<>();
    private volatile boolean running;
    private Thread loop;
    private long lastPoll = System.nanoTime();

    public QueueRunner(Queue queue, Deliverer deliverer, RetrySchedule retry, Clock clock, int concurrency) {
        this(queue, deliverer, retry, clock, concurrency, BounceHook.NONE, DEFAULT_DELAY_WARNING);
    }

    /**
     * With a bounce hook: called when recipients fail for good, and once per entry when it has been
     * waiting longer than {@code delayWarning} ({@code queue.delay_warning}, 4 hours by default).
     */
    public QueueRunner(Queue queue, Deliverer deliverer, RetrySchedule retry, Clock clock, int concurrency,
                       BounceHook bounces, Duration delayWarning) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.queue = queue;
        this.attempt = new DeliveryAttempt(queue, deliverer, retry, clock, bounces, delayWarning);
        this.clock = clock;
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency);
        queue.onCommit(this::schedule);
    }

    /** Schedules the recovered entries (from {@link Queue#recover()}) and starts the loop. */
    public void start(List<QueueEntry> recovered) {
        recovered.forEach(this::schedule);
        running = true;
        loop = Thread.ofVirtual().name("queue-runner").start(this::run);
    }

    /** Stops taking entries, lets the deliveries in progress finish, and returns. */
    public void stop() throws InterruptedException {
        running = false;
        signal();
        if (loop != null) {
            loop.join();
        }
        slots.acquire(concurrency);
        slots.release(concurrency);
    }

    /** Adds an entry, due now; an entry already scheduled or in flight is left as it is. */
    public void schedule(QueueEntry entry) {
        lock.lock();
        try {
            if (known.add(entry.id())) {
                schedule.add(new Scheduled(clock.instant(), entry));
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs every attempt that is due by the clock, one after another in the calling thread, and
     * returns how many ran. For tests and a future "flush" command; not needed when started.
     */
    public int deliverDue() {
        pollFlushRequests();
        var due = new ArrayList<Scheduled>();
        lock.lock();
        try {
            Instant now = clock.instant();
            while (!schedule.isEmpty() && !schedule.peek().due().isAfter(now)) {
                due.add(schedule.poll());
            }
        } finally {
            lock.unlock();
        }
        due.forEach(s -> attemptAndReschedule(s.entry()));
        return due.size();
    }

    /**
     * Makes a scheduled entry due now (after its deferred recipients were made due, see
     * {@link QueueAdmin#flush}); an entry not scheduled (new, or from another process) is added.
     */
    public void reschedule(QueueEntry entry) {
        lock.lock();
        try {
            boolean waiting = schedule.removeIf(s -> s.entry().id().equals(entry.id()));
            if (waiting || known.add(entry.id())) {
                schedule.add(new Scheduled(clock.instant(), entry));
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Entries waiting (scheduled, not in flight). */
    public int waiting() {
        lock.lock();
        try {
            return schedule.size();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (running) {
                // Real time, not the clock: a test clock may stand still.
                if (System.nanoTime() - lastPoll >= FLUSH_POLL.toNanos()) {
                    lastPoll = System.nanoTime();
                    pollFlushRequests();
                }
                Scheduled next = takeDue();
                if (next == null) {
                    continue;
                }
                slots.acquire();
                if (!running) { // stop() came while all slots were busy: leave it for the next start
                    slots.release();
                    requeue(next);
                    break;
                }
                Thread.ofVirtual().name("delivery-" + next.entry().id()).start(() -> {
                    try {
                        attemptAndReschedule(next.entry());
                    } finally {
                        slots.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            log.info("queue runner interrupted");
        }
    }

    /** The next due entry, or null after waiting (for it, a commit, or stop). */
    private Scheduled takeDue() throws InterruptedException {
        lock.lock();
        try {
            Scheduled head = schedule.peek();
            Instant now = clock.instant();
            if (head != null && !head.due().isAfter(now)) {
                return schedule.poll();
            }
            Duration sleep = head == null ? FLUSH_POLL : Duration.between(now, head.due());
            long millis = Math.max(1, Math.min(sleep.toMillis(), FLUSH_POLL.toMillis()));
            if (running) {
                changed.await(millis, TimeUnit.MILLISECONDS);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Makes the entries the admin CLI flushed or released due now (see {@link Queue#requestFlush}). */
    private void pollFlushRequests() {
        try {
            for (QueueId id : queue.takeFlushRequests()) {
                queue.entry(id).ifPresent(this::reschedule);
            }
        } catch (java.io.IOException e) {
            log.warn("queue: could not read flush requests: {}", e.toString());
        }
    }

    private void attemptAndReschedule(QueueEntry entry) {
        var next = attempt.run(entry);
        lock.lock();
        try {
            if (next.isPresent()) {
                schedule.add(new Scheduled(next.get(), entry));
                changed.signalAll();
            } else {
                known.remove(entry.id());
            }
        } finally {
            lock.unlock();
        }
    }

    private void requeue(Scheduled scheduled) {
        lock.lock();
        try {
            schedule.add(scheduled);
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
