package dev.postern.sending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.accounts.AccountStore;
import dev.postern.config.Settings;
import dev.postern.database.TestEngine;
import dev.postern.delivery.DeliveryReport;
import dev.postern.queue.Outcome;
import dev.postern.queue.QueueId;
import dev.postern.smtp.MailAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two stores on one database, as two nodes (or a node and the CLI) have them, written by many
 * threads at once: not one increment is lost and a block trips exactly once, on the embedded
 * database and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestEngine.class)
class SendingCountersConcurrencyTest {

    private static final int THREADS = 8;
    private static final int EACH = 40;
    private static final Instant BUCKET = Instant.parse("2026-11-29T13:00:00Z");

    @Parameter
    TestEngine engine;

    @TempDir
    Path dir;
    private Settings.Database database;
    private AccountStore nodeA;
    private AccountStore nodeB;

    @BeforeEach
    void open() {
        database = engine.fresh(dir);
        nodeA = AccountStore.open(database);
        nodeB = AccountStore.open(database);
    }

    @AfterEach
    void close() {
        nodeB.close();
        nodeA.close();
    }

    /** Runs {@code work(thread, i)} EACH times on THREADS threads, the even ones on node A; fails on any error. */
    private void hammer(Work work) throws InterruptedException {
        var start = new CountDownLatch(1);
        var errors = new ConcurrentLinkedQueue<Throwable>();
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < EACH; i++) {
                        work.run(thread, i);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(errors).isEmpty();
    }

    @FunctionalInterface
    private interface Work {
        void run(int thread, int i) throws Exception;
    }

    @Test
    void countersAddUpExactlyAcrossTwoStores() throws InterruptedException {
        var stores = List.of(new JdbcSendingStore(nodeA.dataSource()), new JdbcSendingStore(nodeB.dataSource()));
        Instant now = BUCKET.plusSeconds(600);
        hammer((thread, i) -> {
            SendingStore store = stores.get(thread % 2);
            store.add("example.com", BUCKET, SendingStore.Column.DELIVERED, 1);
            store.add("example.com", BUCKET, SendingStore.Column.ACCEPTED, 2);
            store.add("example.com", BUCKET, SendingStore.Column.FAILED, 1);
            // Every recipient once, and once again: the second is the same deferral, not counted.
            String queueId = "Q" + thread + "X" + i;
            assertThat(store.addDeferral("example.com", BUCKET, queueId, "r@remote.test", BUCKET, now)).isTrue();
            assertThat(store.addDeferral("example.com", BUCKET, queueId, "r@remote.test", BUCKET, now)).isFalse();
        });
        int n = THREADS * EACH;
        assertThat(stores.get(1).tally("example.com", BUCKET)).isEqualTo(new Tally(n, n, n, 2 * n));
    }

    private static DeliveryReport failure(int n) {
        return new DeliveryReport(new QueueId("%013d".formatted(n)), Optional.of("example.com"),
                MailAddress.parse("x@remote.test"), new Outcome.Failed(SendingLimitsTest.REMOTE_550));
    }

    private static List<SendingLimits> twoNodes(AccountStore a, AccountStore b, int trigger,
                                                ConcurrentLinkedQueue<Trip> trips) {
        var rules = new LimitRules(LimitRules.Window.CLOCK_HOUR, trigger, OptionalInt.empty(), OptionalInt.empty(),
                125, LimitRules.OnBlock.DEFER, false);
        var clock = new TestClock("2026-11-29T13:20:00Z");
        return List.of(new SendingLimits(a.dataSource(), rules, clock, trips::add),
                new SendingLimits(b.dataSource(), rules, clock, trips::add));
    }

    @Test
    void theHourlyCapSendsExactlyItsNumberWhenTwoNodesAdmitAtOnce() throws InterruptedException {
        var rules = new LimitRules(LimitRules.Window.CLOCK_HOUR, 5, OptionalInt.empty(), OptionalInt.of(100), 125,
                LimitRules.OnBlock.DEFER, false);
        var clock = new TestClock("2026-11-29T13:20:00Z");
        var nodes = List.of(new SendingLimits(nodeA.dataSource(), rules, clock, trip -> { }),
                new SendingLimits(nodeB.dataSource(), rules, clock, trip -> { }));
        var sentNow = new java.util.concurrent.atomic.AtomicInteger();
        hammer((thread, i) -> {
            if (nodes.get(thread % 2).admit("example.com", new QueueId("%013d".formatted(thread * EACH + i)))
                    .isEmpty()) {
                sentNow.incrementAndGet();
            }
        });
        assertThat(sentNow).as("sent at once: the cap, not one less, not one more").hasValue(100);
        assertThat(nodes.get(1).status("example.com").tally().accepted()).isEqualTo(THREADS * EACH);
    }

    @Test
    void manyFailuresPastTheThresholdAtOnceTripOneBlock() throws InterruptedException {
        var trips = new ConcurrentLinkedQueue<Trip>();
        var nodes = twoNodes(nodeA, nodeB, 100, trips);
        hammer((thread, i) -> nodes.get(thread % 2).report(failure(thread * EACH + i)));
        assertThat(trips).as("one log line and one trip per block").singleElement()
                .satisfies(t -> assertThat(t.deferFail()).isBetween(100, THREADS * EACH));
        assertThat(nodes.get(0).status("example.com").tally().failed()).isEqualTo(THREADS * EACH);
        assertThat(nodes.get(1).refusal("example.com")).isPresent();
    }

    @Test
    void failuresReportedThroughTwoNodesTripOneBlockAtTheThreshold() throws InterruptedException {
        var trips = new ConcurrentLinkedQueue<Trip>();
        var nodes = twoNodes(nodeA, nodeB, THREADS * EACH, trips);
        hammer((thread, i) -> {
            if (thread == 0 && i == EACH - 1) {
                assertThat(nodes.get(1).refusal("example.com")).as("blocked before the threshold").isEmpty();
                return; // this thread's last report is the threshold's: sent below, alone
            }
            nodes.get(thread % 2).report(failure(thread * EACH + i));
        });
        assertThat(trips).isEmpty();
        assertThat(nodes.get(0).status("example.com").tally().failed()).isEqualTo(THREADS * EACH - 1);
        assertThat(nodes.get(1).refusal("example.com")).isEmpty();
        nodes.get(0).report(failure(THREADS * EACH));
        assertThat(trips).singleElement().extracting(Trip::deferFail).isEqualTo(THREADS * EACH);
        assertThat(nodes.get(1).refusal("example.com")).as("blocked on the other node too").isPresent();
    }
}
