package dev.postern.observe;

import dev.postern.auth.AuthResult;
import dev.postern.explain.Event;
import dev.postern.explain.EventRecorder;
import dev.postern.explain.EventStore;
import dev.postern.limits.GrantStore;
import dev.postern.mailbox.MaildirStore;
import dev.postern.metrics.ServerMetrics;
import dev.postern.net.ConnectionHandler;
import dev.postern.net.Peer;
import dev.postern.queue.Deliverer;
import dev.postern.queue.Outcome;
import dev.postern.queue.Queue;
import dev.postern.smtp.Reply;
import dev.postern.smtp.server.Authentication;
import dev.postern.smtp.server.Inbound;
import dev.postern.smtp.server.SessionObserver;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics and the explain events of one node, and the decorators that feed them. Build it
 * first in {@code Postern.start}, wrap the ports with it, hand {@link #scrape()} to the HTTP
 * listener, close it last.
 */
public final class Observability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Observability.class);
    private static final Set<String> TRANSACTION_VERBS = Set.of("MAIL", "RCPT", "DATA", "BDAT");

    private final ServerMetrics metrics = new ServerMetrics();
    private final EventRecorder events;
    private final Clock clock;

    public Observability(EventStore store, Clock clock) {
        this.clock = clock;
        this.events = new EventRecorder(store, clock, metrics::eventDropped);
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** The {@code /metrics} page (Prometheus text format 0.0.4). */
    public String scrape() {
        return metrics.scrape();
    }

    public Inbound inbound(Inbound intake) {
        return new ObservedInbound(intake, this);
    }

    /** POP-before-SMTP grants of {@code window} ({@code pop_before_smtp.window}), counted and remembered. */
    public GrantStore grants(GrantStore store, java.time.Duration window) {
        return new ObservedGrants(store, window, this);
    }

    /** Counts connections and sessions in progress on the listener {@code name}. */
    public ConnectionHandler connections(String name, ConnectionHandler handler) {
        return connection -> {
            metrics.sessionStarted(name);
            try {
                handler.handle(connection);
            } finally {
                metrics.sessionEnded(name);
            }
        };
    }

    /** Logins of {@code protocol} ({@code smtp}, {@code pop3}): failures and throttles counted and remembered. */
    public Authentication authentication(String protocol, Authentication inner) {
        return (client, user, password) -> {
            AuthResult result = inner.authenticate(client, user, password);
            switch (result) {
                case AuthResult.Success s when protocol.equals("pop3") -> metrics.popLogin();
                case AuthResult.Success s -> { }
                case AuthResult.BadCredentials b -> {
                    metrics.authFailed(protocol);
                    record(Event.Kind.AUTH_FAILED, client, Optional.empty(), Optional.empty(), Optional.of(user),
                            protocol, Optional.empty());
                }
                case AuthResult.Throttled t -> {
                    metrics.authThrottled(protocol);
                    record(Event.Kind.AUTH_THROTTLED, client, Optional.empty(), Optional.empty(), Optional.of(user),
                            protocol, Optional.of(clock.instant().plus(t.retryAfter())));
                }
            }
            return result;
        };
    }

    /** Every SMTP reply counted by command and code; refusals by reason, and those made by the session remembered. */
    public SessionObserver smtpReplies() {
        return this::replied;
    }

    /** Delivery outcomes per recipient, labelled {@code relay} ({@code local} or {@code remote}). */
    public Deliverer deliverer(String relay, Deliverer inner) {
        return (entry, recipients, content) -> {
            List<Outcome> outcomes = inner.deliver(entry, recipients, content);
            for (Outcome outcome : outcomes) {
                metrics.delivery(relay, switch (outcome) {
                    case Outcome.Delivered d -> "delivered";
                    case Outcome.Deferred d -> "deferred";
                    case Outcome.Failed f -> "failed";
                });
            }
            return outcomes;
        };
    }

    /** Queue size, oldest age and fsync batches, read when scraped. */
    public void watch(Queue queue) {
        QueueGauges.register(metrics, queue, clock);
    }

    /** fsync batches of the Maildirs' {@code new/} directories. */
    public void watch(MaildirStore mailboxes) {
        metrics.counter("postern_mailbox_fsync_batches_total",
                "Maildir new/ directory fsyncs; each covers a batch of deliveries into one mailbox.",
                mailboxes::directorySyncs);
    }

    /** A sending limit of {@code domain} tripped (counted only; the overload below also remembers it). */
    public void limitTripped(String domain) {
        metrics.limitTripped(domain);
    }

    /**
     * A sending limit refused mail of {@code domain} (for the limits code to call): counted, and
     * remembered for explain with the client, the sender, the words of the refusal and its end.
     */
    public void limitTripped(String domain, InetAddress client, Optional<String> sender, String why,
                             Optional<Instant> until) {
        metrics.limitTripped(domain);
        record(Event.Kind.LIMIT_BLOCKED, client, sender, Optional.empty(), Optional.empty(), why, until);
    }

    private void replied(Peer peer, String verb, Reply reply) {
        metrics.replied(verb, reply.code());
        if (reply.positive() || reply.code() < 400) {
            return;
        }
        if (TRANSACTION_VERBS.contains(verb)) {
            metrics.refused(Refusals.reason(verb, reply));
        }
        Optional<Event.Kind> kind = Refusals.tlsRequired(reply) ? Optional.of(Event.Kind.TLS_REQUIRED)
                : Refusals.authRequired(reply) && verb.equals("MAIL") ? Optional.of(Event.Kind.AUTH_REQUIRED)
                : Refusals.sizeRefused(reply) ? Optional.of(Event.Kind.SIZE_REFUSED)
                : Optional.empty();
        kind.ifPresent(k -> record(k, peer.address(), Optional.empty(), Optional.empty(), Optional.empty(),
                reply.code() + " " + reply.enhancedCode() + " " + reply.text(), Optional.empty()));
    }

    Instant now() {
        return clock.instant();
    }

    void record(Event.Kind kind, InetAddress client, Optional<String> sender, Optional<String> recipient,
                Optional<String> account, String detail, Optional<Instant> until) {
        try {
            events.record(new Event(clock.instant(), kind, client.getHostAddress(), sender, recipient, account,
                    detail, until));
        } catch (RuntimeException e) {
            log.warn("explain: event not recorded: {}", e.toString());
        }
    }

    @Override
    public void close() {
        events.close();
    }
}
