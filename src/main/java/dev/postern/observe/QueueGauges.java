package dev.postern.observe;

import dev.postern.metrics.ServerMetrics;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Queue size and the age of its oldest entry, read from the queue directory when scraped (one
 * read serves both gauges for a second), and the fsyncs the queue counts.
 */
final class QueueGauges {

    private static final Duration FRESH = Duration.ofSeconds(1);

    private final Queue queue;
    private final Clock clock;
    private Instant readAt = Instant.EPOCH;
    private List<QueueEntry> entries = List.of();

    private QueueGauges(Queue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    static void register(ServerMetrics metrics, Queue queue, Clock clock) {
        var gauges = new QueueGauges(queue, clock);
        metrics.gauge("postern_queue_messages", "Messages in the queue (active and held).",
                () -> gauges.entries().size());
        metrics.gauge("postern_queue_oldest_age_seconds", "Age of the oldest message in the queue; 0 when empty.",
                gauges::oldestAge);
        metrics.counter("postern_queue_fsync_batches_total",
                "Queue directory fsyncs; each covers a batch of concurrent commits (group commit).",
                queue::directorySyncs);
        metrics.counter("postern_queue_file_fsyncs_total", "Queue and status file fsyncs.", queue::fileSyncs);
    }

    private synchronized List<QueueEntry> entries() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(FRESH) >= 0) {
            try {
                entries = queue.entries();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            readAt = now;
        }
        return entries;
    }

    private double oldestAge() {
        return entries().stream().map(QueueEntry::arrival).min(Comparator.naturalOrder())
                .map(oldest -> Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0))
                .orElse(0.0);
    }
}
