package dev.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueRunnerTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T01:00:00Z"));
    private final List<Queue> opened = new ArrayList<>();

    private static final Recipient ALICE = Recipient.of(MailAddress.parse("alice@example.org"));
    private static final Recipient BOB = Recipient.of(MailAddress.parse("bob@example.org"));
    private static final Reply BUSY = Reply.of(451, Status.SYSTEM_ERROR, "mailbox busy");

    /** Scripted outcomes per recipient (default: delivered); records every attempt and the content seen. */
    private static final class ScriptedDeliverer implements Deliverer {
        final Map<String, Outcome> outcomes = Collections.synchronizedMap(new HashMap<>());
        final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
        final List<byte[]> contents = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<Outcome> deliver(QueueEntry entry, List<Recipient> recipients, Content content) {
            try (var in = content.open()) {
                contents.add(in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return recipients.stream().map(r -> {
                attempts.add(r.address().localPart());
                return outcomes.getOrDefault(r.address().localPart(), Outcome.DELIVERED);
            }).toList();
        }
    }

    private final ScriptedDeliverer deliverer = new ScriptedDeliverer();

    private Queue openQueue() throws IOException {
        var queue = new Queue(dir, clock);
        opened.add(queue);
        return queue;
    }

    @AfterEach
    void close() {
        opened.forEach(Queue::close);
    }

    @Test
    void aCommittedEntryIsDeliveredAndRemoved() throws IOException {
        var queue = openQueue();
        var runner = new QueueRunner(queue, deliverer, RetrySchedule.DEFAULT, clock, 1);
        QueueTest.write(queue, List.of(ALICE, BOB), QueueTest.CONTENT);

        assertThat(runner.deliverDue()).isEqualTo(1);

        assertThat(deliverer.attempts).containsExactly("alice", "bob");
        assertThat(deliverer.contents).singleElement().isEqualTo(QueueTest.CONTENT);
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void deferredRecipientsAreRetriedPerScheduleAndDeliveredOnesAreNotRepeated() throws IOException {
        var queue = openQueue();
        var runner = new QueueRunner(queue, deliverer, RetrySchedule.DEFAULT, clock, 1);
        deliverer.outcomes.put("bob", new Outcome.Deferred(BUSY));
        var entry = QueueTest.write(queue, List.of(ALICE, BOB), QueueTest.CONTENT);

        runner.deliverDue();
        assertThat(deliverer.attempts).containsExactly("alice", "bob");
        var status = queue.status(entry);
        assertThat(status.get(0)).isEqualTo(RecipientStatus.DELIVERED);
        assertThat(status.get(1)).isEqualTo(new RecipientStatus.Deferred("451 4.3.0 mailbox busy",
                clock.instant().plus(Duration.ofMinutes(5))));

        clock.advance(Duration.ofMinutes(4));
        assertThat(runner.deliverDue()).isZero();

        clock.advance(Duration.ofMinutes(1));
        deliverer.outcomes.remove("bob");
        assertThat(runner.deliverDue()).isEqualTo(1);

        assertThat(deliverer.attempts).containsExactly("alice", "bob", "bob");
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void afterARestartOnlyTheUnfinishedRecipientsAreDelivered() throws IOException {
        var queue = openQueue();
        var first = new QueueRunner(queue, deliverer, RetrySchedule.DEFAULT, clock, 1);
        deliverer.outcomes.put("bob", new Outcome.Deferred(BUSY));
        QueueTest.write(queue, List.of(ALICE, BOB), QueueTest.CONTENT);
        first.deliverDue();
        queue.close();
        deliverer.outcomes.clear();
        clock.advance(Duration.ofMinutes(5));

        var restarted = openQueue();
        var runner = new QueueRunner(restarted, deliverer, RetrySchedule.DEFAULT, clock, 1);
        restarted.recover().forEach(runner::schedule);
        runner.deliverDue();

        assertThat(deliverer.attempts).containsExactly("alice", "bob", "bob");
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void aFailedRecipientIsFinalAndAfterFiveDaysADeferredOneFailsToo() throws IOException {
        var queue = openQueue();
        var runner = new QueueRunner(queue, deliverer, RetrySchedule.DEFAULT, clock, 1);
        deliverer.outcomes.put("alice", new Outcome.Failed(Reply.of(550, Status.BAD_DESTINATION_MAILBOX, "no such user")));
        deliverer.outcomes.put("bob", new Outcome.Deferred(BUSY));
        var entry = QueueTest.write(queue, List.of(ALICE, BOB), QueueTest.CONTENT);

        runner.deliverDue();
        assertThat(queue.status(entry).getFirst()).isEqualTo(new RecipientStatus.Failed("550 5.1.1 no such user"));

        for (int i = 0; i < 200 && !queue.status(entry).get(1).isFinal(); i++) {
            clock.advance(Duration.ofHours(1));
            runner.deliverDue();
            if (!dir.resolve("active").resolve(entry.id().value()).toFile().exists()) {
                break;
            }
        }

        assertThat(dir.resolve("active")).isEmptyDirectory();
        assertThat(deliverer.attempts.stream().filter("alice"::equals)).hasSize(1);
        assertThat(deliverer.attempts.stream().filter("bob"::equals)).hasSizeBetween(100, 130);
    }

    @Test
    void aFreshEntryIsDeliveredAtOnceByTheRunningLoopAheadOfDeferredOnes() throws Exception {
        var queue = openQueue();
        var runner = new QueueRunner(queue, deliverer, RetrySchedule.DEFAULT, clock, 2);
        deliverer.outcomes.put("bob", new Outcome.Deferred(BUSY));
        QueueTest.write(queue, List.of(BOB), QueueTest.CONTENT);
        runner.start(List.of());
        try {
            await().until(() -> deliverer.attempts.contains("bob"));

            QueueTest.write(queue, List.of(ALICE), QueueTest.CONTENT);

            await().until(() -> deliverer.attempts.contains("alice"));
            assertThat(deliverer.attempts).containsExactly("bob", "alice");
        } finally {
            runner.stop();
        }
    }

    @Test
    void aDelivererThatThrowsDefersEveryone() throws IOException {
        var queue = openQueue();
        Deliverer broken = (entry, recipients, content) -> {
            throw new IllegalStateException("bug");
        };
        var runner = new QueueRunner(queue, broken, RetrySchedule.DEFAULT, clock, 1);
        var entry = QueueTest.write(queue, List.of(ALICE), QueueTest.CONTENT);

        runner.deliverDue();

        assertThat(queue.status(entry)).singleElement().isInstanceOf(RecipientStatus.Deferred.class);
    }

    @Test
    void stopLetsTheCurrentDeliveryFinishThenReturns() throws Exception {
        var queue = openQueue();
        var events = Collections.synchronizedList(new ArrayList<String>());
        var release = new java.util.concurrent.CountDownLatch(1);
        Deliverer slow = (entry, recipients, content) -> {
            events.add("delivery started");
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("delivery finished");
            return recipients.stream().map(r -> Outcome.DELIVERED).toList();
        };
        var runner = new QueueRunner(queue, slow, RetrySchedule.DEFAULT, clock, 4);
        runner.start(List.of());
        QueueTest.write(queue, List.of(ALICE), QueueTest.CONTENT);
        await().until(() -> events.contains("delivery started"));

        var stopper = Thread.ofVirtual().start(() -> {
            try {
                runner.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("stopped");
        });
        await().until(() -> stopper.getState() == Thread.State.WAITING);
        release.countDown();
        stopper.join();

        assertThat(events).containsExactly("delivery started", "delivery finished", "stopped");
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }
}
