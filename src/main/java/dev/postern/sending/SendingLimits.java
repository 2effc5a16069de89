package dev.postern.sending;

import dev.postern.delivery.DeliveryListener;
import dev.postern.delivery.DeliveryReport;
import dev.postern.intake.SendingQuota;
import dev.postern.queue.Deliverer;
import dev.postern.queue.Outcome;
import dev.postern.queue.QueueId;
import dev.postern.sending.SendingStore.Column;
import dev.postern.smtp.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-domain sending limits of one node (docs/LIMITS.md). It counts every remote outcome
 * ({@link DeliveryListener}) and blocks a domain when cPanel's rule trips; it answers intake
 * ({@link SendingQuota}): refuse while blocked or past the hourly cap's cutoff, count each
 * accepted message and hold those over the cap; and its {@link #gate} keeps queued mail of a
 * blocked domain (or a held message) from remote delivery. Database trouble is logged and lets
 * mail through: the limits protect reputation, they must not stop a healthy server.
 */
public final class SendingLimits implements DeliveryListener, SendingQuota {

    private static final Logger log = LoggerFactory.getLogger(SendingLimits.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(5);
    /** Counts and marks older than this are of no window any more (a window is at most an hour). */
    private static final Duration KEEP = Duration.ofHours(2);

    private final SendingStore store;
    private final LimitRules defaults;
    private final CountingWindow window;
    private final Clock clock;
    private final Consumer<Trip> onTrip;
    private volatile Instant nextPurge = Instant.EPOCH;

    /** {@code onTrip} hears of every newly blocked domain (e.g. to count a metric); it must be quick. */
    public SendingLimits(DataSource dataSource, LimitRules defaults, Clock clock, Consumer<Trip> onTrip) {
        this(new JdbcSendingStore(dataSource), defaults, clock, onTrip);
    }

    SendingLimits(SendingStore store, LimitRules defaults, Clock clock, Consumer<Trip> onTrip) {
        this.store = store;
        this.defaults = defaults;
        this.window = new CountingWindow(defaults.window());
        this.clock = clock;
        this.onTrip = onTrip;
    }

    /** The route to remote delivery with the limits in front of it. */
    public Deliverer gate(Deliverer remote) {
        return new SendingGate(this, remote);
    }

    /** The domain's limits: the settings with its overrides from the database. */
    public LimitRules rules(String domain) {
        try {
            return defaults.with(store.overrides(domain));
        } catch (IllegalArgumentException e) {
            log.error("bad sending limit override for {} ({}); using the defaults", domain, e.getMessage());
            return defaults;
        }
    }

    @Override
    public void report(DeliveryReport report) {
        if (report.senderDomain().isEmpty()) {
            return; // bounces (null sender) count for nobody
        }
        String domain = normal(report.senderDomain().get());
        try {
            count(domain, report);
        } catch (RuntimeException e) {
            log.error("sending limits: outcome for {} not counted: {}", domain, e.getMessage());
        }
    }

    private void count(String domain, DeliveryReport report) {
        Instant now = clock.instant();
        Instant bucket = window.bucket(now);
        switch (report.outcome()) {
            case Outcome.Delivered d -> store.add(domain, bucket, Column.DELIVERED, 1);
            case Outcome.Deferred d -> {
                LimitRules rules = rules(domain);
                if (rules.countRetries()) {
                    store.add(domain, bucket, Column.DEFERRED, 1);
                } else if (!store.addDeferral(domain, bucket, report.queueId().toString(),
                        report.recipient().canonical(), window.since(now), now)) {
                    break; // counted already this window: one deferral per recipient, however often retried
                }
                checkTrip(domain, rules, now);
            }
            case Outcome.Failed f -> {
                store.add(domain, bucket, Column.FAILED, 1);
                checkTrip(domain, rules(domain), now);
            }
        }
        purgeIfDue(now);
    }

    private void checkTrip(String domain, LimitRules rules, Instant now) {
        Tally tally = store.tally(domain, window.since(now));
        if (!rules.trips(tally)) {
            return;
        }
        Instant until = window.end(now);
        if (!store.block(new Block(domain, until, now, tally.deferFail(), tally.total()), now)) {
            return; // already blocked: one log line and one trip per block
        }
        log.warn("sending limit tripped: domain {} blocked until {}: {} deferred/failed of {} remote deliveries "
                        + "({}%), trigger {}, percentage {}", domain, until, tally.deferFail(), tally.total(),
                tally.percent(), rules.minDeferFailToTrigger(), rules.value("max_defer_fail_percentage"));
        try {
            onTrip.accept(new Trip(domain, tally.deferFail(), tally.total(), rules.minDeferFailToTrigger(),
                    tally.percent(), until));
        } catch (RuntimeException e) {
            log.error("sending limits: trip hook failed", e);
        }
    }

    private void purgeIfDue(Instant now) {
        if (!now.isBefore(nextPurge)) {
            nextPurge = now.plus(PURGE_EVERY);
            store.purge(now.minus(KEEP));
        }
    }

    @Override
    public Optional<Reply> refusal(String senderDomain) {
        String domain = normal(senderDomain);
        try {
            Instant now = clock.instant();
            Optional<String> why = blockText(domain, now).or(() -> capText(domain, now));
            why.ifPresent(text -> log.info("sending refused: {}", text));
            return why.map(LimitReplies::refused);
        } catch (RuntimeException e) {
            log.error("sending limits: cannot check {}: {}", domain, e.getMessage());
            return Optional.empty();
        }
    }

    /** The cPanel text while the domain is blocked by the max defers and failures per hour. */
    Optional<String> blockText(String domain, Instant now) {
        return store.block(domain, now).map(block -> {
            Tally current = store.tally(domain, window.since(now));
            // The counts that tripped it, should the window have moved on (rolling) or been reset meanwhile.
            Tally shown = current.deferFail() >= block.deferFail() ? current
                    : new Tally(block.total() - block.deferFail(), block.deferFail(), 0, 0);
            return LimitReplies.deferFailText(domain, shown, rules(domain).minDeferFailToTrigger(), block.until());
        });
    }

    private Optional<String> capText(String domain, Instant now) {
        LimitRules rules = rules(domain);
        if (rules.maxEmailsPerHour().isEmpty()) {
            return Optional.empty();
        }
        int accepted = store.tally(domain, window.since(now)).accepted();
        return rules.cap(accepted + 1) == LimitRules.Cap.REFUSE
                ? Optional.of(LimitReplies.capText(domain, accepted, rules.maxEmailsPerHour().getAsInt(), window.end(now)))
                : Optional.empty();
    }

    @Override
    public Optional<String> admit(String senderDomain, QueueId id) {
        String domain = normal(senderDomain);
        try {
            Instant now = clock.instant();
            int ordinal = store.accept(domain, window.bucket(now), window.since(now));
            LimitRules rules = rules(domain);
            if (rules.maxEmailsPerHour().isEmpty()) {
                return Optional.empty();
            }
            if (rules.cap(ordinal) == LimitRules.Cap.SEND) {
                return Optional.empty();
            }
            // Past the cutoff only by a race with a concurrent session (refused at MAIL/RCPT otherwise): hold it too.
            Instant until = window.end(now);
            store.hold(id.toString(), domain, until);
            log.info("{}: held until {}: domain {} over the max emails per hour ({}/{})", id, until, domain, ordinal,
                    rules.maxEmailsPerHour().getAsInt());
            return Optional.of(LimitReplies.heldNote(domain, ordinal, rules.maxEmailsPerHour().getAsInt(), until));
        } catch (RuntimeException e) {
            log.error("sending limits: {} not counted for {}: {}", id, domain, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void withdraw(String senderDomain, QueueId id) {
        try {
            store.add(normal(senderDomain), window.bucket(clock.instant()), Column.ACCEPTED, -1);
        } catch (RuntimeException e) {
            log.error("sending limits: cannot take back {}: {}", id, e.getMessage());
        }
    }

    /** What to report instead of delivering a queued entry now; empty = deliver it. */
    Optional<Outcome> stop(QueueId id, String senderDomain) {
        String domain = normal(senderDomain);
        Instant now = clock.instant();
        Optional<Instant> held = store.heldUntil(id.toString()).filter(now::isBefore);
        if (held.isPresent()) {
            return Optional.of(new Outcome.Deferred(LimitReplies.held(domain, held.get())));
        }
        return blockText(domain, now).map(text -> switch (rules(domain).onBlock()) {
            case DEFER -> new Outcome.Deferred(LimitReplies.deferred(text));
            case FAIL -> new Outcome.Failed(LimitReplies.refused(text));
        });
    }

    /** {@code postern limits status DOMAIN}. */
    public DomainStatus status(String domain) {
        String d = normal(domain);
        Instant now = clock.instant();
        Map<String, String> overrides = store.overrides(d);
        return new DomainStatus(d, window.since(now), window.end(now), store.tally(d, window.since(now)),
                rules(d), overrides, store.block(d, now));
    }

    /** {@code postern limits status}: every domain with counts this window, a block, holds or overrides. */
    public List<DomainStatus> status() {
        Instant now = clock.instant();
        return store.domains(window.since(now), now).stream().map(this::status).toList();
    }

    /** Lifts the block, zeroes the counts and releases held messages; false when nothing was recorded. */
    public boolean reset(String domain) {
        boolean any = store.reset(normal(domain));
        if (any) {
            log.info("sending limits reset for {}", normal(domain));
        }
        return any;
    }

    /**
     * {@code postern limits set DOMAIN name=value…}: per-domain overrides, {@code name} with or
     * without {@code limits.}; the value {@code default} removes one. All are checked before any is
     * stored; a bad one is an {@link IllegalArgumentException} saying which and why.
     */
    public void set(String domain, Map<String, String> values) {
        String d = normal(domain);
        if (d.isEmpty() || d.contains("@") || d.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + domain + "' is not a domain name");
        }
        var checked = new LinkedHashMap<String, Optional<String>>();
        for (var e : values.entrySet()) {
            String name = e.getKey().strip().toLowerCase(Locale.ROOT).replaceFirst("^limits\\.", "");
            if (name.equals("window")) {
                throw new IllegalArgumentException("limits.window is server-wide: set it in the config file");
            }
            String value = e.getValue().strip().toLowerCase(Locale.ROOT);
            if (value.equals("default")) {
                defaults.value(name); // throws for an unknown name
                checked.put(name, Optional.empty());
            } else {
                defaults.with(name, value);
                checked.put(name, Optional.of(value));
            }
        }
        checked.forEach((name, value) -> store.override(d, name, value));
    }

    static String normal(String domain) {
        return domain.strip().toLowerCase(Locale.ROOT);
    }
}
