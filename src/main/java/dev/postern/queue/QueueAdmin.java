package dev.postern.queue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operations behind {@code postern queue …}: list, show, flush, delete, hold, release and a
 * qshape-like summary. They work on the queue files, so they are safe while the runner runs; with
 * a runner in the same process (the server), flush and release also wake it. From another
 * process (the CLI) they leave a flush request, which the server's runner polls every few seconds.
 */
public final class QueueAdmin {

    /** Which entries {@link #list} returns. */
    public enum Selection { ALL, DEFERRED, HELD }

    /** One entry with where each recipient stands. */
    public record Listing(QueueEntry entry, List<RecipientStatus> statuses, boolean held) {}

    /** qshape (Postfix): recipients not yet final, per destination domain, by age bucket. */
    public record Summary(List<Duration> bucketStarts, Map<String, long[]> byDomain) {}

    private static final List<Duration> BUCKETS = List.of(Duration.ZERO, Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofMinutes(80),
            Duration.ofMinutes(160), Duration.ofMinutes(320), Duration.ofMinutes(640), Duration.ofMinutes(1280));

    private final Queue queue;
    private final Optional<QueueRunner> runner;
    private final Clock clock;

    public QueueAdmin(Queue queue, Optional<QueueRunner> runner, Clock clock) {
        this.queue = queue;
        this.runner = runner;
        this.clock = clock;
    }

    /** Entries in ID (arrival) order, optionally only those with a recipient in {@code domain}. */
    public List<Listing> list(Optional<String> domain, Selection selection) throws IOException {
        var out = new ArrayList<Listing>();
        for (var entry : queue.entries()) {
            if (domain.isPresent() && entry.recipients().stream()
                    .noneMatch(r -> r.address().domain().equals(domain.get().toLowerCase(java.util.Locale.ROOT)))) {
                continue;
            }
            var listing = new Listing(entry, queue.status(entry), queue.held(entry));
            boolean wanted = switch (selection) {
                case ALL -> true;
                case HELD -> listing.held();
                case DEFERRED -> listing.statuses().stream().anyMatch(RecipientStatus.Deferred.class::isInstance);
            };
            if (wanted) {
                out.add(listing);
            }
        }
        return out;
    }

    public Optional<Listing> show(QueueId id) throws IOException {
        var entry = queue.entry(id);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Listing(entry.get(), queue.status(entry.get()), queue.held(entry.get())));
    }

    /** Makes the deferred recipients of one entry (or of all, when empty) due now. Returns how many entries. */
    public int flush(Optional<QueueId> id) throws IOException {
        var entries = id.isPresent() ? queue.entry(id.get()).stream().toList() : queue.entries();
        Instant now = clock.instant();
        for (var entry : entries) {
            var statuses = new ArrayList<>(queue.status(entry));
            statuses.replaceAll(s -> s instanceof RecipientStatus.Deferred d
                    ? new RecipientStatus.Deferred(d.reason(), now) : s);
            queue.record(entry, statuses);
            wake(entry);
        }
        return entries.size();
    }

    /** Removes an entry without delivering it and without a bounce. False when it was not there. */
    public boolean delete(QueueId id) throws IOException {
        var entry = queue.entry(id);
        if (entry.isPresent()) {
            queue.remove(entry.get());
        }
        return entry.isPresent();
    }

    public boolean hold(QueueId id) throws IOException {
        var entry = queue.entry(id);
        if (entry.isPresent()) {
            queue.hold(entry.get());
        }
        return entry.isPresent();
    }

    public boolean release(QueueId id) throws IOException {
        var entry = queue.entry(id);
        if (entry.isPresent()) {
            queue.release(entry.get());
            wake(entry.get());
        }
        return entry.isPresent();
    }

    private void wake(QueueEntry entry) throws IOException {
        if (runner.isPresent()) {
            runner.get().reschedule(entry);
        } else {
            queue.requestFlush(entry);
        }
    }

    /** Counts of recipients not yet final per destination domain and age bucket (0, 5, 10, 20 … 1280 minutes). */
    public Summary summary() throws IOException {
        var byDomain = new TreeMap<String, long[]>();
        Instant now = clock.instant();
        for (var entry : queue.entries()) {
            var statuses = queue.status(entry);
            Duration age = Duration.between(entry.arrival(), now);
            int bucket = 0;
            while (bucket + 1 < BUCKETS.size() && age.compareTo(BUCKETS.get(bucket + 1)) >= 0) {
                bucket++;
            }
            for (int i = 0; i < statuses.size(); i++) {
                if (!statuses.get(i).isFinal()) {
                    String domain = entry.recipients().get(i).address().domain();
                    byDomain.computeIfAbsent(domain, d -> new long[BUCKETS.size()])[bucket]++;
                }
            }
        }
        return new Summary(BUCKETS, byDomain);
    }
}
