package dev.postern.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.auth.AuthResult;
import dev.postern.explain.Event;
import dev.postern.explain.EventStore;
import dev.postern.net.Peer;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.Status;
import dev.postern.smtp.server.Client;
import dev.postern.smtp.server.Inbound;
import dev.postern.smtp.server.MessageSink;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the decorators count and remember, over a list as the event store. */
class ObservabilityTest {

    private static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");
    private static final InetAddress CLIENT = InetAddress.ofLiteral("203.0.113.9");
    private static final Peer PEER = new Peer(CLIENT, 50000, 587, "submission");

    private final List<Event> stored = new CopyOnWriteArrayList<>();
    private final Observability observed = new Observability(new ListStore(stored), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        observed.close();
    }

    @Test
    void refusalsTheSessionMakesItselfAreCountedByReasonAndRemembered() {
        var replies = observed.smtpReplies();
        replies.replied(PEER, "AUTH", Reply.of(538, Status.ENCRYPTION_REQUIRED, "Encryption required"));
        replies.replied(PEER, "MAIL", Reply.of(530, Status.SECURITY_OTHER, "Authentication required"));
        replies.replied(PEER, "MAIL", Reply.of(552, Status.MESSAGE_TOO_BIG, "Message size exceeds fixed limit"));
        replies.replied(PEER, "RCPT", Reply.of(550, Status.BAD_DESTINATION_MAILBOX, "<x@example.test>: no such user"));
        replies.replied(PEER, "NOOP", Reply.of(250, Status.OTHER, "Ok"));

        var metrics = observed.metrics().registry().scrape();
        assertThat(metrics).contains("postern_messages_refused_total{reason=\"auth_required\"} 1",
                "postern_messages_refused_total{reason=\"size\"} 1",
                "postern_messages_refused_total{reason=\"unknown_user\"} 1",
                "postern_smtp_replies_total{command=\"AUTH\",code=\"538\"} 1",
                "postern_smtp_replies_total{command=\"NOOP\",code=\"250\"} 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 3);
        assertThat(stored).extracting(Event::kind).containsExactly(Event.Kind.TLS_REQUIRED, Event.Kind.AUTH_REQUIRED,
                Event.Kind.SIZE_REFUSED);
        assertThat(stored.getLast().detail()).isEqualTo("552 5.3.4 Message size exceeds fixed limit");
    }

    @Test
    void aThrottledLoginIsRememberedWithItsEndAndTheResultPassesThroughUnchanged() {
        var throttled = new AuthResult.Throttled(Duration.ofMinutes(15));
        var pop3 = observed.authentication("pop3", (client, user, password) -> throttled);

        assertThat(pop3.authenticate(CLIENT, "bob@example.test", "x".toCharArray())).isSameAs(throttled);

        assertThat(observed.scrape()).contains("postern_auth_throttled_total{protocol=\"pop3\"} 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 1);
        assertThat(stored.getFirst()).isEqualTo(new Event(NOW, Event.Kind.AUTH_THROTTLED, "203.0.113.9",
                Optional.empty(), Optional.empty(), Optional.of("bob@example.test"), "pop3",
                Optional.of(NOW.plus(Duration.ofMinutes(15)))));
    }

    private static final String LIMIT_TEXT = "Domain example.com has exceeded the max defers and failures per hour"
            + " (5/5 (100%)) allowed. Sending resumes at 15:00 UTC.";

    @Test
    void aSendingLimitRefusalIsCountedAsSuchAndRememberedAsABlockWithItsEnd() {
        var limited = Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED, LIMIT_TEXT);
        Inbound intake = new Inbound() {
            @Override
            public Reply mailFrom(Client client, ReversePath from, MailParameters parameters) {
                return limited;
            }

            @Override
            public Reply rcptTo(Client client, ReversePath from, Recipient to) {
                return limited;
            }

            @Override
            public MessageSink open(Client client, Envelope envelope) {
                throw new UnsupportedOperationException();
            }
        };
        var client = new Client(PEER, "pc", true, Optional.empty(), Optional.of("web@example.com"));
        var from = new ReversePath.Sender(MailAddress.parse("news@example.com"));
        var inbound = observed.inbound(intake);

        assertThat(inbound.mailFrom(client, from, MailParameters.NONE)).isSameAs(limited);
        assertThat(inbound.rcptTo(client, from, Recipient.of(MailAddress.parse("bob@remote.test")))).isSameAs(limited);
        observed.smtpReplies().replied(PEER, "MAIL", limited);
        observed.smtpReplies().replied(PEER, "MAIL", Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED,
                "Sender address rejected: not owned by user web@example.com"));

        assertThat(observed.scrape()).contains("postern_messages_refused_total{reason=\"sending_limit\"} 1",
                "postern_messages_refused_total{reason=\"sender_not_owned\"} 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 2);
        var resumes = Optional.of(Instant.parse("2026-11-29T15:00:00Z"));
        assertThat(stored).containsExactly(
                new Event(NOW, Event.Kind.LIMIT_BLOCKED, "203.0.113.9", Optional.of("news@example.com"),
                        Optional.empty(), Optional.of("web@example.com"), LIMIT_TEXT, resumes),
                new Event(NOW, Event.Kind.LIMIT_BLOCKED, "203.0.113.9", Optional.of("news@example.com"),
                        Optional.of("bob@remote.test"), Optional.of("web@example.com"), LIMIT_TEXT, resumes));
    }

    @Test
    void aResumeTimeEarlierInTheDayIsTomorrows() {
        assertThat(Refusals.resumesAt("Sending resumes at 00:00 UTC.", Instant.parse("2026-11-29T23:10:00Z")))
                .contains(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(Refusals.resumesAt("no time here", NOW)).isEmpty();
    }

    @Test
    void aTrippedLimitIsCountedByDomainAndRemembered() {
        observed.limitTripped("example.com", CLIENT, Optional.of("a@example.com"),
                "Domain example.com has exceeded the max defers and failures per hour (5/10 (50%)) allowed.",
                Optional.of(NOW.plusSeconds(1800)));

        assertThat(observed.scrape()).contains("postern_limits_tripped_total{domain=\"example.com\"} 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 1);
        assertThat(stored.getFirst().kind()).isEqualTo(Event.Kind.LIMIT_BLOCKED);
    }

    @Test
    void connectionsAreCountedAndTheSessionGaugeReturnsToZeroEvenWhenTheSessionFails() {
        var handler = observed.connections("pop3", connection -> {
            throw new java.io.IOException("reset");
        });
        try {
            handler.handle(null);
        } catch (java.io.IOException expected) {
            // the handler's own failure passes through
        }

        assertThat(observed.scrape()).contains("postern_connections_total{listener=\"pop3\"} 1",
                "postern_sessions_active{listener=\"pop3\"} 0");
    }

    /** Events in a list. */
    private record ListStore(List<Event> events) implements EventStore {
        public void append(List<Event> batch) {
            events.addAll(batch);
        }

        public List<Event> forClient(String ip, int limit) {
            return List.of();
        }

        public List<Event> forAddress(String address, int limit) {
            return List.of();
        }

        public int prune(Instant before, List<String> clients, int keep, int keepTotal) {
            return 0;
        }
    }
}
