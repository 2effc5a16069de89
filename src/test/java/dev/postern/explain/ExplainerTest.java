package dev.postern.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.accounts.AccountStore;
import dev.postern.database.TestEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The words of {@code postern explain}, over the real table in a real accounts database: the same
 * tests on the embedded database and on a real PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestEngine.class)
class ExplainerTest {

    @Parameter
    TestEngine engine;

    private static final String IP = "203.0.113.9";
    private static final Instant T = Instant.parse("2026-11-29T14:02:00Z");
    private static final String RELAY_TEXT = "Relaying denied: you must authenticate before sending to example.net."
            + " Or check your mail (POP3) first: that lets your address send for the next 30 minutes.";

    @TempDir
    Path dir;
    private AccountStore accounts;
    private JdbcEventStore store;
    private Explainer explainer;

    @BeforeEach
    void open() {
        accounts = AccountStore.open(engine.fresh(dir));
        store = new JdbcEventStore(accounts.dataSource());
        explainer = new Explainer(store, ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        accounts.close();
    }

    @Test
    void aRelayRefusalAfterAnExpiredGrantNamesTheExpiryTheWindowAndBothCures() {
        Instant login = Instant.parse("2026-11-29T13:28:00.400Z");
        store.append(List.of(
                event(login, Event.Kind.POP_GRANT, Optional.empty(), Optional.of("bob@example.com"),
                        Event.grantDetail(Duration.ofMinutes(30)),
                        Optional.of(Instant.parse("2026-11-29T13:58:00Z"))),
                event(T, Event.Kind.RELAY_REFUSED, Optional.of("y@example.net"), Optional.empty(), RELAY_TEXT,
                        Optional.empty())));

        assertThat(explainer.explain(IP)).containsExactly(
                "13:28 POP3 login as bob@example.com from 203.0.113.9: this IP may send without SMTP authentication"
                        + " until 13:58 (POP-before-SMTP).",
                "14:02 RCPT to y@example.net from 203.0.113.9 refused: not authenticated; this IP's POP-before-SMTP"
                        + " grant expired at 13:58 (30-minute window). Fix: turn on SMTP authentication, or check mail"
                        + " before sending.");
    }

    @Test
    void withoutAnyLoginTheRefusalSaysThereWasNoGrant() {
        store.append(List.of(event(T, Event.Kind.RELAY_REFUSED, Optional.of("y@example.net"), Optional.empty(),
                RELAY_TEXT, Optional.empty())));

        assertThat(explainer.explain(IP)).singleElement().asString()
                .contains("refused: not authenticated; this IP has no POP-before-SMTP grant")
                .endsWith("Fix: turn on SMTP authentication, or check mail before sending.");
    }

    @Test
    void whenPopBeforeSmtpIsOffTheOnlyCureIsAuthentication() {
        store.append(List.of(event(T, Event.Kind.RELAY_REFUSED, Optional.of("y@example.net"), Optional.empty(),
                "Relaying denied: you must authenticate before sending to example.net.", Optional.empty())));

        assertThat(explainer.explain(IP)).singleElement().asString()
                .isEqualTo("14:02 RCPT to y@example.net from 203.0.113.9 refused: not authenticated."
                        + " Fix: turn on SMTP authentication in the mail program.");
    }

    @Test
    void anAddressFindsItsFailedAndThrottledLoginsWhateverTheCase() {
        store.append(List.of(
                event(T, Event.Kind.AUTH_FAILED, Optional.empty(), Optional.of("Bob@Example.com"), "smtp",
                        Optional.empty()),
                event(T.plusSeconds(60), Event.Kind.AUTH_THROTTLED, Optional.empty(), Optional.of("bob@example.com"),
                        "pop3", Optional.of(T.plusSeconds(960)))));

        assertThat(explainer.explain("BOB@example.COM")).containsExactly(
                "14:02 SMTP login as bob@example.com from 203.0.113.9 failed: wrong user name or password.",
                "14:03 POP3 login as bob@example.com from 203.0.113.9 refused without checking the password: too"
                        + " many failed logins, blocked until 14:18. Fix: correct the password in the mail program,"
                        + " then wait until 14:18 or lift the block now with postern auth unban 203.0.113.9.");
    }

    @Test
    void sizeAndTlsRefusalsSayWhatToChange() {
        store.append(List.of(
                event(T, Event.Kind.TLS_REQUIRED, Optional.empty(), Optional.empty(),
                        "538 5.7.11 Encryption required", Optional.empty()),
                event(T.plusSeconds(60), Event.Kind.SIZE_REFUSED, Optional.empty(), Optional.empty(),
                        "552 5.3.4 Message size exceeds fixed limit", Optional.empty())));

        List<String> lines = explainer.explain(IP);
        assertThat(lines.getFirst()).isEqualTo("14:02 login from 203.0.113.9 refused: the connection is not encrypted.");
        assertThat(lines.getLast()).isEqualTo("14:03 message from 203.0.113.9 refused: too big (552 5.3.4 Message"
                + " size exceeds fixed limit). Fix: send smaller attachments (or a link), or raise message_size_limit.");
    }

    @Test
    void unknownRecipientsAndLimitBlocksEndAsSentencesBeforeTheirFix() {
        store.append(List.of(
                event(T, Event.Kind.RECIPIENT_REFUSED, Optional.of("nobody@example.test"), Optional.empty(),
                        "<nobody@example.test>: no such user here", Optional.empty()),
                new Event(T.plusSeconds(60), Event.Kind.LIMIT_BLOCKED, IP, Optional.of("a@example.com"),
                        Optional.empty(), Optional.empty(), "Domain example.com has exceeded the max defers and"
                        + " failures per hour (5/10 (50%)) allowed.", Optional.of(T.plusSeconds(1800)))));

        assertThat(explainer.explain(IP)).containsExactly(
                "14:02 RCPT to nobody@example.test from 203.0.113.9 refused: <nobody@example.test>: no such user here.",
                "14:03 mail from <a@example.com> (203.0.113.9) blocked by the sending limits until 14:32: Domain"
                        + " example.com has exceeded the max defers and failures per hour (5/10 (50%)) allowed. Fix:"
                        + " wait: sending resumes by itself at 14:32; or find out why the domain's mail is deferred"
                        + " or bounced (postern queue list), then lift the block now with postern limits reset"
                        + " example.com.");
    }

    @Test
    void aClientWithNothingRecordedGetsASentenceNotSilence() {
        assertThat(explainer.explain("198.51.100.7")).containsExactly("Nothing recorded for 198.51.100.7 in the last"
                + " 24 hours: no refusals, failed logins or POP-before-SMTP grants.");
    }

    @Test
    void pruningDropsWhatIsOlderThanADayAndAllButTheNewestPerClient() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 15; i++) {
            events.add(event(T.plusSeconds(i), Event.Kind.AUTH_FAILED, Optional.empty(), Optional.of("a@b.c"), "smtp",
                    Optional.empty()));
        }
        events.add(new Event(T.minus(Duration.ofDays(2)), Event.Kind.AUTH_FAILED, "192.0.2.1", Optional.empty(),
                Optional.empty(), Optional.of("old@b.c"), "smtp", Optional.empty()));
        store.append(events);

        int deleted = store.prune(T.minus(Duration.ofDays(1)), List.of(IP), 10, 1000);

        assertThat(deleted).isEqualTo(6);
        assertThat(store.forClient(IP, 100)).hasSize(10).first().extracting(Event::at).isEqualTo(T.plusSeconds(14));
        assertThat(store.forClient("192.0.2.1", 100)).isEmpty();

        store.append(List.of(new Event(T.plusSeconds(30), Event.Kind.AUTH_FAILED, "192.0.2.2", Optional.empty(),
                Optional.empty(), Optional.of("new@b.c"), "smtp", Optional.empty())));
        assertThat(store.prune(T.minus(Duration.ofDays(1)), List.of(), 10, 4)).isEqualTo(7);
        assertThat(store.forClient("192.0.2.2", 100)).hasSize(1);
        assertThat(store.forClient(IP, 100)).hasSize(3);
    }

    @Test
    void theRecorderWritesInTheBackgroundAndAFailingStoreOnlyCountsDrops() {
        try (var recorder = new EventRecorder(store, Clock.systemUTC(), () -> { })) {
            recorder.record(event(T, Event.Kind.AUTH_FAILED, Optional.empty(), Optional.of("a@b.c"), "smtp",
                    Optional.empty()));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.forClient(IP, 10).size() == 1);
        }
        var dropped = new AtomicInteger();
        EventStore broken = new EventStore() {
            public void append(List<Event> events) {
                throw new IllegalStateException("database is locked");
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
        };
        try (var recorder = new EventRecorder(broken, Clock.systemUTC(), dropped::incrementAndGet)) {
            recorder.record(event(T, Event.Kind.AUTH_FAILED, Optional.empty(), Optional.empty(), "smtp",
                    Optional.empty()));
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 1);
        }
    }

    private static Event event(Instant at, Event.Kind kind, Optional<String> recipient, Optional<String> account,
                               String detail, Optional<Instant> until) {
        return new Event(at, kind, IP, Optional.empty(), recipient, account, detail, until);
    }
}
