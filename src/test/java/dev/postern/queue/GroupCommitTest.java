package dev.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.Recipient;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    @TempDir
    Path dir;

    /** A disk whose directory fsync takes a while, as a real one does. */
    private static final class SlowDisk implements Durability {
        @Override
        public void sync(FileChannel file) throws IOException {
            Durability.FSYNC.sync(file);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            Durability.FSYNC.syncDirectory(directory);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aCommitThatArrivesWhileTheCommitterGathersSharesItsFsync() throws Exception {
        var fsyncs = new AtomicInteger();
        Durability counting = new Durability() {
            @Override
            public void sync(FileChannel file) {
            }

            @Override
            public void syncDirectory(Path directory) {
                fsyncs.incrementAndGet();
            }
        };
        var second = new AtomicReference<Thread>();
        var committer = new AtomicReference<GroupCommitter>();
        committer.set(new GroupCommitter(counting, dir, () -> {
            if (second.get() == null) { // the first waiter is taken: another commit arrives now
                second.set(Thread.ofVirtual().start(() -> sync(committer.get())));
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> committer.get().waiting() == 1);
            }
        }));
        try {
            committer.get().syncDirectory();

            assertThat(second.get().join(Duration.ofSeconds(5))).isTrue();
            assertThat(fsyncs).as("one fsync for both").hasValue(1);
        } finally {
            committer.get().close();
        }
    }

    private static void sync(GroupCommitter committer) {
        try {
            committer.syncDirectory();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void concurrentCommitsShareDirectoryFsyncsAndAreAllDurable() throws Exception {
        int sessions = 16;
        var clock = new MutableClock(Instant.parse("2026-11-29T01:00:00Z"));
        try (var queue = new Queue(dir, clock, new SlowDisk());
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var barrier = new CyclicBarrier(sessions);
            var commits = new ArrayList<Future<QueueEntry>>();
            for (int i = 0; i < sessions; i++) {
                commits.add(pool.submit(() -> {
                    var writer = queue.receive(QueueTest.SENDER, List.of(Recipient.of(MailAddress.parse("a@example.org"))),
                            dev.postern.smtp.MailParameters.NONE, "c");
                    writer.body().write(QueueTest.CONTENT);
                    barrier.await();
                    return writer.commit();
                }));
            }
            var committed = new ArrayList<QueueEntry>();
            for (var commit : commits) {
                committed.add(commit.get());
            }

            assertThat(queue.fileSyncs()).isEqualTo(sessions);
            assertThat(queue.directorySyncs()).isLessThan(sessions).isPositive();
            try (var reopened = new Queue(dir, clock)) {
                assertThat(reopened.recover()).containsExactlyInAnyOrderElementsOf(committed);
            }
        }
    }
}
