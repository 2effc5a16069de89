package dev.postern.queue;

import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt of one entry: deliver the recipients that are due, record their outcomes
 * durably, remove the entry once every recipient is final, and say when it is due next.
 */
final class DeliveryAttempt {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempt.class);

    private final Queue queue;
    private final Deliverer deliverer;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final BounceHook bounces;
    private final Duration delayWarning;

    DeliveryAttempt(Queue queue, Deliverer deliverer, RetrySchedule schedule, Clock clock, BounceHook bounces,
                    Duration delayWarning) {
        this.queue = queue;
        this.deliverer = deliverer;
        this.schedule = schedule;
        this.clock = clock;
        this.bounces = bounces;
        this.delayWarning = delayWarning;
    }

    /** Runs the attempt; returns when the entry is due again, empty once it is finished. */
    Optional<Instant> run(QueueEntry entry) {
        try {
            if (!queue.exists(entry)) {
                log.info("{}: gone from the queue (deleted); not delivered", entry.id());
                return Optional.empty();
            }
            if (queue.held(entry)) {
                return Optional.of(clock.instant().plus(schedule.maximum())); // looked at again now and then
            }
            var statuses = new ArrayList<>(queue.status(entry));
            Instant now = clock.instant();
            var due = new ArrayList<Integer>();
            for (int i = 0; i < statuses.size(); i++) {
                if (isDue(statuses.get(i), now)) {
                    due.add(i);
                }
            }
            var failed = new ArrayList<Undelivered>();
            if (!due.isEmpty()) {
                recordNextAttempt(entry, statuses, due, now);
                var outcomes = deliver(entry, due.stream().map(i -> entry.recipients().get(i)).toList());
                for (int k = 0; k < due.size(); k++) {
                    int i = due.get(k);
                    var status = settle(entry, entry.recipients().get(i), outcomes.get(k), now);
                    statuses.set(i, status);
                    if (status instanceof RecipientStatus.Failed f) {
                        failed.add(new Undelivered(entry.recipients().get(i), Diagnosis.decode(f.reason())));
                    }
                }
            }
            if (!failed.isEmpty()) {
                bounces.failed(entry, failed); // before recording: a bounce is never lost
            }
            warnIfDelayed(entry, statuses, now);
            if (statuses.stream().allMatch(RecipientStatus::isFinal)) {
                queue.remove(entry);
                log.info("{}: removed", entry.id());
                return Optional.empty();
            }
            if (!due.isEmpty()) {
                queue.record(entry, statuses);
            }
            return nextDue(statuses, now);
        } catch (IOException e) {
            // The status could not be read or recorded; try again later (a duplicate at worst).
            log.error("{}: status I/O failed, retrying in {}: {}", entry.id(), schedule.minimum(), e.toString());
            return Optional.of(clock.instant().plus(schedule.minimum()));
        }
    }

    /** RFC 3464 action=delayed: one notice per entry once it has waited longer than the delay warning. */
    private void warnIfDelayed(QueueEntry entry, List<RecipientStatus> statuses, Instant now) throws IOException {
        if (Duration.between(entry.arrival(), now).compareTo(delayWarning) < 0 || queue.delayNoticeSent(entry)) {
            return;
        }
        var delayed = new ArrayList<Undelivered>();
        for (int i = 0; i < statuses.size(); i++) {
            if (statuses.get(i) instanceof RecipientStatus.Deferred d) {
                delayed.add(new Undelivered(entry.recipients().get(i), Diagnosis.decode(d.reason())));
            }
        }
        if (!delayed.isEmpty()) {
            bounces.delayed(entry, delayed);
            queue.markDelayNoticeSent(entry);
        }
    }

    /**
     * Schedules the next attempt before trying (the due recipients deferred to their next retry),
     * so an attempt cut short by a crash is not repeated at once on restart. The last attempt
     * before giving up has no next one to record.
     */
    private void recordNextAttempt(QueueEntry entry, List<RecipientStatus> statuses, List<Integer> due, Instant now)
            throws IOException {
        if (!(schedule.next(entry.arrival(), now) instanceof RetrySchedule.Retry.At next)) {
            return;
        }
        var planned = new ArrayList<>(statuses);
        for (int i : due) {
            var previous = statuses.get(i);
            String reason = previous instanceof RecipientStatus.Deferred d ? d.reason()
                    : "451 4.4.0 delivery attempt interrupted (server stopped during delivery)";
            planned.set(i, new RecipientStatus.Deferred(reason, next.when()));
        }
        queue.recordBeforeAttempt(entry, planned);
    }

    /** Due now: pending ones and deferred ones whose time has come. */
    static boolean isDue(RecipientStatus status, Instant now) {
        return switch (status) {
            case RecipientStatus.Pending p -> true;
            case RecipientStatus.Deferred d -> !d.nextAttempt().isAfter(now);
            case RecipientStatus.Delivered d -> false;
            case RecipientStatus.Failed f -> false;
        };
    }

    private List<Outcome> deliver(QueueEntry entry, List<Recipient> recipients) {
        try {
            var outcomes = deliverer.deliver(entry, recipients, () -> queue.openContent(entry));
            if (outcomes.size() != recipients.size()) {
                throw new IllegalStateException("deliverer returned " + outcomes.size() + " outcomes for "
                        + recipients.size() + " recipients");
            }
            return outcomes;
        } catch (RuntimeException e) {
            log.error("{}: delivery failed unexpectedly; deferring", entry.id(), e);
            Outcome deferred = new Outcome.Deferred(Reply.of(451, dev.postern.smtp.Status.SYSTEM_ERROR,
                    "internal error during delivery"));
            return recipients.stream().map(r -> deferred).toList();
        }
    }

    private RecipientStatus settle(QueueEntry entry, Recipient recipient, Outcome outcome, Instant now) {
        return switch (outcome) {
            case Outcome.Delivered d -> RecipientStatus.DELIVERED;
            case Outcome.Failed f -> failed(entry, recipient, Diagnosis.of(f).encode());
            case Outcome.Deferred d -> switch (schedule.next(entry.arrival(), now)) {
                case RetrySchedule.Retry.At at -> new RecipientStatus.Deferred(Diagnosis.of(d).encode(), at.when());
                case RetrySchedule.Retry.GiveUp g -> failed(entry, recipient, Diagnosis.of(d)
                        .withNote("(gave up after " + g.age().toHours() + " hours in the queue)").encode());
            };
        };
    }

    private static RecipientStatus failed(QueueEntry entry, Recipient recipient, String reason) {
        log.warn("{}: to=<{}> failed permanently: {}", entry.id(), recipient.address(), reason);
        return new RecipientStatus.Failed(reason);
    }

    private static Optional<Instant> nextDue(List<RecipientStatus> statuses, Instant now) {
        Instant next = null;
        for (var status : statuses) {
            Instant at = switch (status) {
                case RecipientStatus.Pending p -> now;
                case RecipientStatus.Deferred d -> d.nextAttempt();
                case RecipientStatus.Delivered d -> null;
                case RecipientStatus.Failed f -> null;
            };
            if (at != null && (next == null || at.isBefore(next))) {
                next = at;
            }
        }
        return Optional.ofNullable(next);
    }
}
