package dev.postern.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.accounts.AccountStore;
import dev.postern.config.Settings;
import dev.postern.database.TestEngine;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The throttle in the accounts database: the rules of the memory one, shared between processes,
 * on the embedded database and on a real PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestEngine.class)
class JdbcAuthThrottleTest {
    @Parameter
    TestEngine engine;

    private static final String ALICE = "alice@example.org";
    private static final InetAddress HAMMER = ip("127.0.0.9");
    private static final InetAddress OWNER = ip("127.0.0.10");

    @TempDir
    Path dir;

    private Settings.Database database;
    private AccountStore store;
    private JdbcAuthThrottle throttle;
    private Instant now = Instant.parse("2026-11-29T02:00:00Z");

    @BeforeEach
    void open() {
        database = engine.fresh(dir);
        store = AccountStore.open(database);
        throttle = new JdbcAuthThrottle(store.dataSource(), ThrottleRules.DEFAULTS, ip -> false);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    private void fail(AuthThrottle t, InetAddress client, String account, int times) {
        for (int i = 0; i < times; i++) {
            t.failed(client, account, now);
        }
    }

    private Optional<Duration> wait(InetAddress client, String account) {
        return throttle.retryAfter(client, account, now);
    }

    @Test
    void fiveFailuresFromOneAddressBanItAndNoOtherAddress() {
        fail(throttle, HAMMER, ALICE, 4);
        assertThat(wait(HAMMER, ALICE)).isEmpty();
        fail(throttle, HAMMER, ALICE, 1);
        assertThat(wait(HAMMER, ALICE)).contains(Duration.ofMinutes(1));
        assertThat(wait(HAMMER, "bob@example.org")).contains(Duration.ofMinutes(1));
        assertThat(wait(OWNER, ALICE)).isEmpty();
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        fail(throttle, HAMMER, ALICE, 4);
        now = now.plus(Duration.ofMinutes(15));
        fail(throttle, HAMMER, ALICE, 1);
        assertThat(wait(HAMMER, ALICE)).isEmpty();
    }

    @Test
    void bansDoubleUpToAnHour() {
        for (Duration expected : new Duration[] {Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofHours(1),
                Duration.ofHours(1)}) {
            fail(throttle, HAMMER, "u" + expected.toMinutes() + "@example.org", 5);
            assertThat(wait(HAMMER, ALICE)).contains(expected);
            now = now.plus(expected);
            assertThat(wait(HAMMER, ALICE)).isEmpty();
        }
    }

    @Test
    void anAccountBanHoldsOnlyForTheAddressesThatFailedAndHaveNotLoggedInSince() {
        fail(throttle, OWNER, ALICE, 1);
        throttle.succeeded(OWNER, ALICE, now);
        for (int i = 1; i <= 10; i++) {
            fail(throttle, ip("127.0.1." + i), ALICE, 1);
        }
        assertThat(wait(ip("127.0.1.3"), ALICE)).contains(Duration.ofMinutes(1));
        assertThat(wait(OWNER, ALICE)).isEmpty();
        assertThat(wait(ip("127.0.1.3"), "bob@example.org")).isEmpty();
    }

    @Test
    void allowlistedAddressesAreNeverCounted() {
        var allowing = new JdbcAuthThrottle(store.dataSource(), ThrottleRules.DEFAULTS, ip -> ip.equals(OWNER));
        fail(allowing, OWNER, ALICE, 50);
        assertThat(allowing.retryAfter(OWNER, ALICE, now)).isEmpty();
        assertThat(allowing.status(now)).isEmpty();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        fail(throttle, ip("2001:db8:1:2::1"), ALICE, 3);
        fail(throttle, ip("2001:db8:1:2::ffff"), ALICE, 2);
        assertThat(wait(ip("2001:db8:1:2:aaaa::7"), ALICE)).isPresent();
        assertThat(wait(ip("2001:db8:1:3::1"), ALICE)).isEmpty();
    }

    @Test
    void theCliSeesAndLiftsWhatTheServerCounted() {
        fail(throttle, HAMMER, ALICE, 5);
        try (var cliStore = AccountStore.open(database)) {
            var cli = new JdbcAuthThrottle(cliStore.dataSource(), ThrottleRules.DEFAULTS, ip -> false);
            assertThat(cli.status(now)).containsExactly(
                    new AuthThrottle.Entry(AuthThrottle.Scope.IP, "127.0.0.9", 0, 1, Optional.of(now.plusSeconds(60))),
                    new AuthThrottle.Entry(AuthThrottle.Scope.ACCOUNT, ALICE, 5, 0, Optional.empty()));
            assertThat(cli.unban(" 127.0.0.9 ")).isTrue();
            assertThat(cli.unban("127.0.0.9")).isFalse();
        }
        assertThat(wait(HAMMER, ALICE)).isEmpty();
    }

    @Test
    void unbanAnAccount() {
        for (int i = 1; i <= 10; i++) {
            fail(throttle, ip("127.0.1." + i), ALICE, 1);
        }
        assertThat(throttle.unban("Alice@Example.org")).isTrue();
        assertThat(wait(ip("127.0.1.3"), ALICE)).isEmpty();
        assertThat(throttle.unban("nobody@example.org")).isFalse();
    }

    @Test
    void quietEntriesAreForgottenStrikesAndAll() {
        fail(throttle, HAMMER, ALICE, 5);
        now = now.plus(Duration.ofHours(24)).plusSeconds(1);
        assertThat(throttle.status(now)).isEmpty();
        fail(throttle, HAMMER, ALICE, 5);
        assertThat(wait(HAMMER, ALICE)).contains(Duration.ofMinutes(1));
    }

    @Test
    void twoNodesFailingAtOnceLoseNoCount() throws Exception {
        var wide = new ThrottleRules(1000, 1000, Duration.ofMinutes(15), Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofHours(24), 100_000);
        try (var otherNode = AccountStore.open(database)) {
            var nodes = java.util.List.of(new JdbcAuthThrottle(store.dataSource(), wide, ip -> false),
                    new JdbcAuthThrottle(otherNode.dataSource(), wide, ip -> false));
            var workers = new java.util.ArrayList<Thread>();
            var errors = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
            for (int w = 0; w < 6; w++) {
                var node = nodes.get(w % 2);
                workers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 20; i++) {
                        try {
                            node.failed(HAMMER, ALICE, now);
                        } catch (RuntimeException e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
            assertThat(errors).isEmpty();
            assertThat(throttle.status(now)).extracting(AuthThrottle.Entry::recentFailures).containsExactly(120, 120);
        }
    }

    @Test
    void aClosedDatabaseIsAnErrorNotAPass() {
        store.close();
        assertThatThrownBy(() -> wait(HAMMER, ALICE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot check the login throttle");
    }
}
