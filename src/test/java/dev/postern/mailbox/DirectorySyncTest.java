package dev.postern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DirectorySyncTest {

    private static final Path DIR = Path.of("/nonexistent/new");

    @Test
    void aCallerThatArrivesDuringAnFsyncWaitsForTheNextOne() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var fsyncs = new AtomicInteger();
        var sync = new DirectorySync(DIR, dir -> {
            if (fsyncs.incrementAndGet() == 1) {
                started.countDown();
                await(release);
            }
        });
        var first = Thread.ofVirtual().start(() -> run(sync));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        var second = Thread.ofVirtual().start(() -> run(sync)); // its link came after the fsync began
        assertThat(second.join(Duration.ofMillis(200))).as("covered by an fsync that began before it").isFalse();

        release.countDown();
        assertThat(first.join(Duration.ofSeconds(5))).isTrue();
        assertThat(second.join(Duration.ofSeconds(5))).isTrue();
        assertThat(fsyncs).hasValue(2);
    }

    @Test
    void callersWaitingTogetherShareOneFsync() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var fsyncs = new AtomicInteger();
        var sync = new DirectorySync(DIR, dir -> {
            if (fsyncs.incrementAndGet() == 1) {
                started.countDown();
                await(release);
            }
        });
        var leader = Thread.ofVirtual().start(() -> run(sync));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(Thread.ofVirtual().start(() -> run(sync)));
        }
        // all ten take their tickets behind the running fsync
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sync.issued() == 11);
        release.countDown();
        assertThat(leader.join(Duration.ofSeconds(5))).isTrue();
        for (Thread t : waiting) {
            assertThat(t.join(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(fsyncs).hasValue(2); // the leader's, then one for all ten
    }

    @Test
    void aCallerThatLinksWhileTheLeaderGathersSharesItsFsync() throws Exception {
        var fsyncs = new AtomicInteger();
        var joined = new ArrayList<Thread>();
        var sync = new AtomicReference<DirectorySync>();
        sync.set(new DirectorySync(DIR, dir -> fsyncs.incrementAndGet(), () -> {
            if (joined.isEmpty()) { // the leader's gathering moment: another delivery takes its ticket
                joined.add(Thread.ofVirtual().start(() -> run(sync.get())));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sync.get().issued() == 2);
            }
        }));

        run(sync.get());

        assertThat(joined.getFirst().join(Duration.ofSeconds(5))).isTrue();
        assertThat(fsyncs).as("one fsync for both").hasValue(1);
    }

    @Test
    void aFailedFsyncIsThrownAndTheNextCallerTriesAgain() throws Exception {
        var calls = new AtomicInteger();
        var sync = new DirectorySync(DIR, dir -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("disk full");
            }
        });
        assertThatThrownBy(sync::sync).hasMessage("disk full");
        sync.sync();
        assertThat(calls).hasValue(2);
    }

    @Test
    void aRealDirectoryIsForced(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        new DirectorySync(dir).sync();
    }

    private static void run(DirectorySync sync) {
        try {
            sync.sync();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
