package dev.postern.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.accounts.AccountStore;
import dev.postern.config.Settings;
import dev.postern.database.TestEngine;
import dev.postern.delivery.DeliveryReport;
import dev.postern.delivery.Router;
import dev.postern.queue.Deliverer;
import dev.postern.queue.Outcome;
import dev.postern.queue.QueueEntry;
import dev.postern.queue.QueueId;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The limits over a real accounts database, with the clock set by hand: the same tests on the
 * embedded database and on a real PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestEngine.class)
class SendingLimitsTest {

    @Parameter
    TestEngine engine;

    static final LimitRules DEFAULTS = new LimitRules(LimitRules.Window.CLOCK_HOUR, 5, OptionalInt.empty(),
            OptionalInt.empty(), 125, LimitRules.OnBlock.DEFER, false);
    static final Reply REMOTE_550 = Reply.of(550, Status.BAD_DESTINATION_MAILBOX, "no such user");
    static final Reply REMOTE_451 = Reply.of(451, Status.SYSTEM_ERROR, "try later");

    @TempDir
    Path dir;
    Settings.Database database;
    AccountStore store;
    TestClock clock = new TestClock("2026-11-29T13:20:00Z");
    List<Trip> trips = new ArrayList<>();
    SendingLimits limits;
    int ids;

    @BeforeEach
    void open() {
        database = engine.fresh(dir);
        store = AccountStore.open(database);
        limits = limits(DEFAULTS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    SendingLimits limits(LimitRules rules) {
        return new SendingLimits(store.dataSource(), rules, clock, trips::add);
    }

    QueueId id() {
        return new QueueId("0000000000%03d".formatted(ids++).substring(0, 13).replace('0', 'A'));
    }

    void report(SendingLimits to, String domain, Outcome outcome, int times) {
        for (int i = 0; i < times; i++) {
            to.report(new DeliveryReport(id(), Optional.of(domain), MailAddress.parse("x@remote.test"), outcome));
        }
    }

    @Test
    void cpanelsWorkedExampleBlocksAtTheNinthFailureOfSixteen() {
        limits.set("example.com", Map.of("min_defer_fail_to_trigger", "7", "max_defer_fail_percentage", "55"));
        report(limits, "example.com", Outcome.DELIVERED, 7);
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 8);
        assertThat(limits.refusal("example.com")).as("8 of 15 is 53 %").isEmpty();
        assertThat(trips).isEmpty();

        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 1);

        assertThat(limits.refusal("Example.COM")).hasValueSatisfying(reply -> {
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.enhancedCode()).isEqualTo("5.7.1");
            assertThat(reply.text()).isEqualTo("Domain example.com has exceeded the max defers and failures per hour "
                    + "(9/7 (56%)) allowed. Sending resumes at 14:00 UTC.");
        });
        assertThat(trips).containsExactly(new Trip("example.com", 9, 16, 7, 56, Instant.parse("2026-11-29T14:00:00Z")));
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 3);
        assertThat(trips).as("one trip per block").hasSize(1);
        assertThat(limits.refusal("other.test")).isEmpty();
    }

    @Test
    void sixFailuresOfEightStayUnderTheCount() {
        limits.set("example.com", Map.of("min_defer_fail_to_trigger", "7", "max_defer_fail_percentage", "55"));
        report(limits, "example.com", Outcome.DELIVERED, 2);
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 6);
        assertThat(limits.refusal("example.com")).isEmpty();
        assertThat(limits.status("example.com").tally()).isEqualTo(new Tally(2, 0, 6, 0));
    }

    @Test
    void theBlockEndsAtTheNextClockHourWithItsCounts() {
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 5);
        clock.set("2026-11-29T13:59:59.999Z");
        assertThat(limits.refusal("example.com")).isPresent();
        assertThat(limits.status("example.com").state()).startsWith("blocked until 14:00 UTC");

        clock.set("2026-11-29T14:00:00Z");
        assertThat(limits.refusal("example.com")).isEmpty();
        assertThat(limits.status("example.com").tally()).isEqualTo(Tally.ZERO);
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 4);
        assertThat(limits.refusal("example.com")).as("a new hour counts from zero").isEmpty();
    }

    @Test
    void rollingWindowKeepsCountsSixtyMinutesAcrossTheClockHour() {
        limits = limits(new LimitRules(LimitRules.Window.ROLLING, 5, OptionalInt.empty(), OptionalInt.empty(), 125,
                LimitRules.OnBlock.DEFER, false));
        clock.set("2026-11-29T13:50:10Z");
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 3);
        clock.set("2026-11-29T14:10:00Z");
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 2);
        assertThat(limits.refusal("example.com")).hasValueSatisfying(reply -> assertThat(reply.text())
                .isEqualTo("Domain example.com has exceeded the max defers and failures per hour (5/5 (100%)) "
                        + "allowed. Sending resumes at 15:10 UTC."));
        clock.set("2026-11-29T14:50:00Z");
        assertThat(limits.status("example.com").tally().failed()).as("13:50 left the window").isEqualTo(2);
        clock.set("2026-11-29T15:10:00Z");
        assertThat(limits.refusal("example.com")).isEmpty();
    }

    @Test
    void aRecipientDeferredAgainWithinTheHourCountsOnce() {
        QueueId id = id();
        var deferral = new DeliveryReport(id, Optional.of("example.com"), MailAddress.parse("bob@remote.test"),
                new Outcome.Deferred(REMOTE_451));
        for (int i = 0; i < 4; i++) {
            limits.report(deferral);
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(limits.status("example.com").tally().deferred()).isEqualTo(1);
        limits.report(new DeliveryReport(id, Optional.of("example.com"), MailAddress.parse("carol@remote.test"),
                new Outcome.Deferred(REMOTE_451)));
        assertThat(limits.status("example.com").tally().deferred()).as("another recipient").isEqualTo(2);

        clock.set("2026-11-29T14:01:00Z");
        limits.report(deferral);
        assertThat(limits.status("example.com").tally().deferred()).as("the next hour counts it again").isEqualTo(1);
    }

    @Test
    void countRetriesCountsEveryAttemptAsCpanelDoes() {
        limits.set("example.com", Map.of("limits.count_retries", "true"));
        var deferral = new DeliveryReport(id(), Optional.of("example.com"), MailAddress.parse("bob@remote.test"),
                new Outcome.Deferred(REMOTE_451));
        for (int i = 0; i < 5; i++) {
            limits.report(deferral);
        }
        assertThat(limits.status("example.com").tally().deferred()).isEqualTo(5);
        assertThat(limits.refusal("example.com")).isPresent();
    }

    @Test
    void bouncesCountForNobody() {
        limits.report(new DeliveryReport(id(), Optional.empty(), MailAddress.parse("x@remote.test"),
                new Outcome.Failed(REMOTE_550)));
        assertThat(limits.status()).isEmpty();
    }

    @Test
    void hourlyCapSendsThenHoldsThenRefuses() {
        limits.set("example.com", Map.of("max_emails_per_hour", "2", "defer_cutoff_percentage", "150"));
        assertThat(limits.admit("example.com", id())).isEmpty();
        assertThat(limits.admit("example.com", id())).isEmpty();
        assertThat(limits.refusal("example.com")).isEmpty();
        QueueId third = id();
        assertThat(limits.admit("example.com", third)).contains("held: domain example.com is over the max emails "
                + "per hour (3/2 (150%)); it will be sent after 14:00 UTC");
        assertThat(limits.refusal("example.com")).hasValueSatisfying(reply -> {
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).isEqualTo("Domain example.com has exceeded the max emails per hour (3/2 (150%)) "
                    + "allowed. Sending resumes at 14:00 UTC.");
        });
        assertThat(limits.status("example.com").state()).startsWith("refusing until 14:00 UTC");

        var sent = new AtomicInteger();
        Deliverer gate = limits.gate(countingRemote(sent));
        var outcomes = gate.deliver(entry(third, "alice@example.com", "[192.0.2.1] user=alice@example.com"),
                List.of(Recipient.of(MailAddress.parse("bob@remote.test"))), () -> null);
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Deferred.class, d -> assertThat(
                d.reason().text()).isEqualTo("Domain example.com is over the max emails per hour: message held until "
                + "14:00 UTC"));
        assertThat(sent).hasValue(0);

        clock.set("2026-11-29T14:00:00Z");
        assertThat(gate.deliver(entry(third, "alice@example.com", "x [192.0.2.1]"),
                List.of(Recipient.of(MailAddress.parse("bob@remote.test"))), () -> null)).containsExactly(Outcome.DELIVERED);
        assertThat(limits.refusal("example.com")).isEmpty();
    }

    @Test
    void withdrawTakesBackAnUncommittedMessage() {
        QueueId id = id();
        limits.admit("example.com", id);
        limits.withdraw("example.com", id);
        assertThat(limits.status("example.com").tally().accepted()).isZero();
    }

    @Test
    void queuedMailOfABlockedDomainIsDeferredOrFailedButLocalMailGoes() {
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 5);
        var sent = new AtomicInteger();
        var localDelivered = new AtomicInteger();
        Deliverer local = (e, rcpts, c) -> {
            localDelivered.addAndGet(rcpts.size());
            return rcpts.stream().map(r -> (Outcome) Outcome.DELIVERED).toList();
        };
        var router = new Router(d -> d.equals("example.com"), local, limits.gate(countingRemote(sent)));
        var rcpts = List.of(Recipient.of(MailAddress.parse("carol@example.com")),
                Recipient.of(MailAddress.parse("bob@remote.test")));
        var outcomes = router.deliver(entry(id(), "alice@example.com", "h [192.0.2.1]"), rcpts, () -> null);

        assertThat(outcomes.get(0)).isEqualTo(Outcome.DELIVERED);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(Outcome.Deferred.class, d -> {
            assertThat(d.reason().code()).isEqualTo(451);
            assertThat(d.reason().enhancedCode()).isEqualTo("4.7.1");
            assertThat(d.reason().text()).startsWith("Domain example.com has exceeded the max defers and failures");
        });
        assertThat(sent).hasValue(0);
        assertThat(localDelivered).hasValue(1);

        limits.set("example.com", Map.of("on_block", "fail"));
        assertThat(router.deliver(entry(id(), "alice@example.com", "h [192.0.2.1]"), rcpts, () -> null).get(1))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.reason().wire()).isEqualTo(
                        "550 5.7.1 Domain example.com has exceeded the max defers and failures per hour (5/5 (100%)) "
                                + "allowed. Sending resumes at 14:00 UTC.\r\n"));
        assertThat(limits.status("example.com").tally().failed()).as("the gate's outcomes are not counted").isEqualTo(5);
    }

    @Test
    void theAuthenticatedUsersDomainCountsNotTheEnvelopeSenders() {
        report(limits, "customer.test", new Outcome.Failed(REMOTE_550), 5);
        var sent = new AtomicInteger();
        Deliverer gate = limits.gate(countingRemote(sent));
        var rcpt = List.of(Recipient.of(MailAddress.parse("bob@remote.test")));
        gate.deliver(entry(id(), "newsletter@other.test", "h [192.0.2.1] user=web@customer.test"), rcpt, () -> null);
        assertThat(sent).as("blocked as customer.test").hasValue(0);
        gate.deliver(entry(id(), "newsletter@other.test", "h [192.0.2.1]"), rcpt, () -> null);
        assertThat(sent).as("other.test is not blocked").hasValue(1);
    }

    @Test
    void resetLiftsTheBlockAndZeroesTheCounts() {
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 6);
        assertThat(limits.refusal("example.com")).isPresent();
        assertThat(limits.reset("EXAMPLE.com")).isTrue();
        assertThat(limits.refusal("example.com")).isEmpty();
        assertThat(limits.status("example.com").tally()).isEqualTo(Tally.ZERO);
        assertThat(limits.reset("example.com")).isFalse();
    }

    @Test
    void aRestartKeepsCountsAndBlocks() {
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 5);
        store.close();
        store = AccountStore.open(database);
        var again = limits(DEFAULTS);
        assertThat(again.refusal("example.com")).isPresent();
        assertThat(again.status("example.com").tally().failed()).isEqualTo(5);
    }

    @Test
    void setChecksEveryValueBeforeStoringAny() {
        assertThatThrownBy(() -> limits.set("example.com", Map.of("max_emails_per_hour", "100", "on_block", "bounce")))
                .hasMessageContaining("on_block must be defer or fail");
        assertThat(limits.status("example.com").overrides()).isEmpty();
        assertThatThrownBy(() -> limits.set("example.com", Map.of("limits.window", "rolling")))
                .hasMessageContaining("server-wide");
        assertThatThrownBy(() -> limits.set("alice@example.com", Map.of("on_block", "fail")))
                .hasMessageContaining("not a domain");

        limits.set("example.com", Map.of("max_emails_per_hour", "100"));
        assertThat(limits.rules("example.com").maxEmailsPerHour()).hasValue(100);
        assertThat(limits.status()).extracting(DomainStatus::domain).containsExactly("example.com");
        limits.set("example.com", Map.of("max_emails_per_hour", "default"));
        assertThat(limits.rules("example.com")).isEqualTo(DEFAULTS);
    }

    /** docs/LIMITS.md, docs/SCALING.md: a database that cannot be reached lets mail through, logged. */
    @Test
    void anUnreachableDatabaseFailsOpen() {
        limits.set("example.com", Map.of("max_emails_per_hour", "1"));
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 5);
        assertThat(limits.refusal("example.com")).isPresent();
        store.close(); // the pool is gone: every statement fails, as with PostgreSQL stopped

        assertThat(limits.refusal("example.com")).isEmpty();
        assertThat(limits.admit("example.com", id())).isEmpty();
        report(limits, "example.com", new Outcome.Failed(REMOTE_550), 1);
        var sent = new AtomicInteger();
        limits.gate(countingRemote(sent)).deliver(entry(id(), "a@example.com", "h [192.0.2.1]"),
                List.of(Recipient.of(MailAddress.parse("bob@remote.test"))), () -> null);
        assertThat(sent).hasValue(1);
        assertThatThrownBy(() -> limits.status("example.com")).as("the CLI says so instead")
                .isInstanceOf(IllegalStateException.class);
    }

    private static Deliverer countingRemote(AtomicInteger sent) {
        return (entry, rcpts, content) -> {
            sent.addAndGet(rcpts.size());
            return rcpts.stream().map(r -> (Outcome) Outcome.DELIVERED).toList();
        };
    }

    private QueueEntry entry(QueueId id, String sender, String client) {
        return new QueueEntry(id, clock.instant(), new ReversePath.Sender(MailAddress.parse(sender)),
                List.of(Recipient.of(MailAddress.parse("bob@remote.test"))), MailParameters.NONE, client, 100);
    }
}
