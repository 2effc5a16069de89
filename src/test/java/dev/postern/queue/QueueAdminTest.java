package dev.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueAdminTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T01:00:00Z"));
    private Queue queue;

    private static final Recipient BOB = Recipient.of(MailAddress.parse("bob@remote.test"));
    private static final Recipient CAROL = Recipient.of(MailAddress.parse("carol@other.test"));

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void listShowHoldReleaseFlushDeleteAndSummary() throws IOException {
        queue = new Queue(dir, clock);
        var attempts = new CopyOnWriteArrayList<String>();
        Deliverer deferAll = (entry, recipients, content) -> {
            recipients.forEach(r -> attempts.add(entry.id() + " " + r.address()));
            return recipients.stream().map(r -> (Outcome) new Outcome.Deferred(
                    Reply.of(451, Status.SYSTEM_ERROR, "later"))).toList();
        };
        var runner = new QueueRunner(queue, deferAll, RetrySchedule.DEFAULT, clock, 1);
        var admin = new QueueAdmin(queue, Optional.of(runner), clock);
        var first = QueueTest.write(queue, List.of(BOB), QueueTest.CONTENT);
        clock.advance(Duration.ofMillis(5));
        var second = QueueTest.write(queue, List.of(CAROL), QueueTest.CONTENT);

        assertThat(admin.hold(second.id())).isTrue();
        runner.deliverDue();
        assertThat(attempts).containsExactly(first.id() + " bob@remote.test");
        assertThat(admin.list(Optional.empty(), QueueAdmin.Selection.DEFERRED)).extracting(l -> l.entry().id())
                .containsExactly(first.id());
        assertThat(admin.list(Optional.of("other.test"), QueueAdmin.Selection.ALL)).singleElement()
                .satisfies(l -> assertThat(l.held()).isTrue());

        clock.advance(Duration.ofMinutes(1));
        assertThat(admin.flush(Optional.of(first.id()))).isEqualTo(1);
        assertThat(admin.release(second.id())).isTrue();
        runner.deliverDue();
        assertThat(attempts).hasSize(3);

        clock.advance(Duration.ofMinutes(30));
        var summary = admin.summary();
        assertThat(summary.byDomain().keySet()).containsExactly("other.test", "remote.test");
        assertThat(summary.byDomain().get("remote.test")[3]).isEqualTo(1); // 20–40 minutes old

        assertThat(admin.delete(first.id())).isTrue();
        assertThat(admin.show(first.id())).isEmpty();
        assertThat(admin.delete(first.id())).isFalse();
        clock.advance(Duration.ofHours(2));
        runner.deliverDue();
        assertThat(attempts).hasSize(4).last().asString().startsWith(second.id().value());
    }

    @Test
    void flushAndReleaseFromAnotherProcessReachTheRunner() throws IOException {
        queue = new Queue(dir, clock);
        var attempts = new CopyOnWriteArrayList<String>();
        Deliverer deferAll = (entry, recipients, content) -> {
            recipients.forEach(r -> attempts.add(entry.id() + " " + r.address()));
            return recipients.stream().map(r -> (Outcome) new Outcome.Deferred(
                    Reply.of(451, Status.SYSTEM_ERROR, "later"))).toList();
        };
        var runner = new QueueRunner(queue, deferAll, RetrySchedule.DEFAULT, clock, 1);
        var deferred = QueueTest.write(queue, List.of(BOB), QueueTest.CONTENT);
        var held = QueueTest.write(queue, List.of(CAROL), QueueTest.CONTENT);
        try (var cliQueue = new Queue(dir, clock)) { // the CLI: its own Queue, no runner
            var cli = new QueueAdmin(cliQueue, Optional.empty(), clock);
            assertThat(cli.hold(held.id())).isTrue();
            runner.deliverDue();
            assertThat(attempts).containsExactly(deferred.id() + " bob@remote.test");
            clock.advance(Duration.ofMinutes(1)); // the retry is 5 minutes away, the hold until released

            assertThat(runner.deliverDue()).isZero();
            assertThat(cli.flush(Optional.of(deferred.id()))).isEqualTo(1);
            assertThat(cli.release(held.id())).isTrue();
            assertThat(runner.deliverDue()).isEqualTo(2);
            assertThat(attempts).hasSize(3).contains(held.id() + " carol@other.test");
            assertThat(dir.resolve("flush")).isEmptyDirectory();
        }
    }

    @Test
    void aStartedRunnerNoticesAFlushFromTheCliWithinItsPollInterval() throws Exception {
        queue = new Queue(dir, clock);
        var attempts = new CopyOnWriteArrayList<String>();
        Deliverer deferAll = (entry, recipients, content) -> {
            recipients.forEach(r -> attempts.add(entry.id() + " " + r.address()));
            return recipients.stream().map(r -> (Outcome) new Outcome.Deferred(
                    Reply.of(451, Status.SYSTEM_ERROR, "later"))).toList();
        };
        var runner = new QueueRunner(queue, deferAll, RetrySchedule.DEFAULT, clock, 1);
        var entry = QueueTest.write(queue, List.of(BOB), QueueTest.CONTENT);
        runner.start(queue.recover());
        try (var cliQueue = new Queue(dir, clock)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> attempts.size() == 1);
            new QueueAdmin(cliQueue, Optional.empty(), clock).flush(Optional.of(entry.id()));
            // Due in 5 minutes by the (standing) clock: only the flush request makes it due now.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> attempts.size() == 2);
        } finally {
            runner.stop();
        }
    }
}
