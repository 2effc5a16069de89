package dev.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.Recipient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The next attempt is on disk before the attempt starts: a crash mid-delivery is not retried at once. */
class QueueRunnerNextAttemptTest {

    @TempDir
    Path dir;

    @Test
    void whileADeliveryRunsItsNextAttemptIsAlreadyRecorded() throws Exception {
        var clock = new MutableClock(Instant.parse("2026-11-29T01:00:00Z"));
        var queue = new Queue(dir, clock);
        var entry = QueueTest.write(queue, List.of(Recipient.of(MailAddress.parse("alice@example.org"))), QueueTest.CONTENT);
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Deliverer hangs = (e, recipients, content) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return recipients.stream().map(r -> (Outcome) Outcome.DELIVERED).toList();
        };
        var runner = new QueueRunner(queue, hangs, RetrySchedule.DEFAULT, clock, 1);
        runner.schedule(entry);
        var attempt = Thread.ofVirtual().start(runner::deliverDue);
        try {
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            // what a node restarted after a kill -9 at this moment would find on disk
            var onDisk = new Queue(dir, clock);
            var recorded = onDisk.status(onDisk.entries().getFirst()).getFirst();
            assertThat(recorded).isInstanceOf(RecipientStatus.Deferred.class);
            assertThat(((RecipientStatus.Deferred) recorded).nextAttempt())
                    .isAfterOrEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        } finally {
            release.countDown();
            attempt.join(Duration.ofSeconds(10));
        }
    }
}
