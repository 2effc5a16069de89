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

/** The runner's bounce hook and the one delay notice, with an injected clock. */
class BounceHookTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T01:00:00Z"));
    private Queue queue;

    private static final Recipient ALICE = Recipient.of(MailAddress.parse("alice@remote.test"));
    private static final Recipient BOB = Recipient.of(MailAddress.parse("bob@remote.test"));

    private static final class RecordingHook implements BounceHook {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean broken;

        @Override
        public void failed(QueueEntry entry, List<Undelivered> recipients) throws IOException {
            if (broken) {
                throw new IOException("disk full");
            }
            recipients.forEach(u -> calls.add("failed " + u.recipient().address().localPart() + " "
                    + u.diagnosis().encode()));
        }

        @Override
        public void delayed(QueueEntry entry, List<Undelivered> recipients) {
            recipients.forEach(u -> calls.add("delayed " + u.recipient().address().localPart() + " "
                    + u.diagnosis().encode()));
        }
    }

    /** alice is always deferred by mx.remote.test; bob is refused for good. */
    private static final Deliverer REMOTE = (entry, recipients, content) -> recipients.stream()
            .map(r -> r.address().localPart().equals("bob")
                    ? (Outcome) new Outcome.Failed(Reply.of(550, Status.BAD_DESTINATION_MAILBOX, "no such user"),
                            Optional.of("mx.remote.test[127.0.0.2]:25"))
                    : new Outcome.Deferred(Reply.of(451, Status.SYSTEM_ERROR, "try later"),
                            Optional.of("mx.remote.test[127.0.0.2]:25")))
            .toList();

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    @Test
    void failuresBounceAtOnceDelayIsNoticedOnceAndGivingUpBounces() throws IOException {
        queue = new Queue(dir, clock);
        var hook = new RecordingHook();
        var runner = new QueueRunner(queue, REMOTE, RetrySchedule.DEFAULT, clock, 1, hook, Duration.ofHours(4));
        QueueTest.write(queue, List.of(ALICE, BOB), QueueTest.CONTENT);

        runner.deliverDue();
        assertThat(hook.calls).containsExactly("failed bob mx.remote.test[127.0.0.2]:25 said: 550 5.1.1 no such user");

        for (int i = 0; i < 8; i++) { // past the 4 hours, attempts every hour
            clock.advance(Duration.ofHours(1));
            runner.deliverDue();
        }
        assertThat(hook.calls).hasSize(2).last().isEqualTo("delayed alice mx.remote.test[127.0.0.2]:25 said: 451 4.3.0 try later");

        clock.advance(Duration.ofDays(5));
        runner.deliverDue();
        assertThat(hook.calls).hasSize(3).last().asString()
                .startsWith("failed alice mx.remote.test[127.0.0.2]:25 said: 451 4.3.0 try later (gave up after");
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void aFailingHookLeavesTheRecipientToBeTriedAgain() throws IOException {
        queue = new Queue(dir, clock);
        var hook = new RecordingHook();
        hook.broken = true;
        var runner = new QueueRunner(queue, REMOTE, RetrySchedule.DEFAULT, clock, 1, hook, Duration.ofHours(4));
        var entry = QueueTest.write(queue, List.of(BOB), QueueTest.CONTENT);

        runner.deliverDue();
        // not recorded as failed: it stays deferred to the next attempt recorded before this one
        assertThat(queue.status(entry)).singleElement().isInstanceOf(RecipientStatus.Deferred.class);

        hook.broken = false;
        clock.advance(Duration.ofMinutes(5));
        runner.deliverDue();
        assertThat(hook.calls).singleElement().asString().startsWith("failed bob");
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void theDelayMarkerSurvivesARestartAndIsRemovedWithTheEntry() throws IOException {
        queue = new Queue(dir, clock);
        var entry = QueueTest.write(queue, List.of(ALICE), QueueTest.CONTENT);
        queue.markDelayNoticeSent(entry);
        queue.close();
        queue = new Queue(dir, clock);
        assertThat(queue.recover()).extracting(QueueEntry::id).containsExactly(entry.id());
        assertThat(queue.delayNoticeSent(entry)).isTrue();
        queue.remove(entry);
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void diagnosisRoundTrips() {
        var d = new Diagnosis(Reply.of(550, Status.BAD_DESTINATION_MAILBOX, "no such user"), Optional.of("mx[1.2.3.4]:25"));
        assertThat(Diagnosis.decode(d.encode())).isEqualTo(d);
        var local = new Diagnosis(Reply.of(452, Status.SYSTEM_FULL, "Insufficient system storage"), Optional.empty());
        assertThat(Diagnosis.decode(local.encode())).isEqualTo(local);
        assertThat(Diagnosis.decode("free text").reply().code()).isEqualTo(451);
    }
}
