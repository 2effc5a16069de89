package dev.postern.limits;

import dev.postern.net.Cidr;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryAuthThrottleTest {

    private static final String ALICE = "alice@example.org";
    private static final InetAddress HAMMER = ip("127.0.0.9");
    private static final InetAddress OWNER = ip("127.0.0.10");

    private Instant now = Instant.parse("2026-11-29T02:00:00Z");
    private final MemoryAuthThrottle throttle = new MemoryAuthThrottle(ThrottleRules.DEFAULTS, ip -> false);

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    private void fail(MemoryAuthThrottle t, InetAddress client, String account, int times) {
        for (int i = 0; i < times; i++) {
            t.failed(client, account, now);
        }
    }

    private Optional<Duration> wait(InetAddress client, String account) {
        return throttle.retryAfter(client, account, now);
    }

    @Test
    void fiveFailuresFromOneAddressBanItForAMinute() {
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
            fail(throttle, HAMMER, "u" + expected + "@example.org", 5);
            assertThat(wait(HAMMER, ALICE)).contains(expected);
            now = now.plus(expected);
            assertThat(wait(HAMMER, ALICE)).isEmpty();
        }
    }

    @Test
    void anAccountBanHoldsOnlyForTheAddressesThatFailed() {
        for (int i = 1; i <= 10; i++) {
            fail(throttle, ip("127.0.1." + i), ALICE, 1);
        }
        assertThat(wait(ip("127.0.1.3"), ALICE)).contains(Duration.ofMinutes(1));
        // The owner never failed from 127.0.0.10: still welcome, for this account and others.
        assertThat(wait(OWNER, ALICE)).isEmpty();
        // The botnet's addresses may still try other accounts (their own per-IP counts allow it).
        assertThat(wait(ip("127.0.1.3"), "bob@example.org")).isEmpty();
    }

    @Test
    void aSuccessfulLoginTakesTheAddressOutOfTheAccountBan() {
        fail(throttle, OWNER, ALICE, 1);
        throttle.succeeded(OWNER, ALICE, now);
        for (int i = 1; i <= 10; i++) {
            fail(throttle, ip("127.0.1." + i), ALICE, 1);
        }
        assertThat(wait(OWNER, ALICE)).isEmpty();
    }

    @Test
    void successResetsTheAddressCount() {
        fail(throttle, OWNER, ALICE, 4);
        throttle.succeeded(OWNER, ALICE, now);
        fail(throttle, OWNER, ALICE, 4);
        assertThat(wait(OWNER, ALICE)).isEmpty();
    }

    @Test
    void allowlistedAddressesAreNeverCountedNorBanned() {
        var allowing = new MemoryAuthThrottle(ThrottleRules.DEFAULTS, Cidr.anyOf(java.util.List.of("127.0.0.0/29")));
        fail(allowing, ip("127.0.0.5"), ALICE, 50);
        assertThat(allowing.retryAfter(ip("127.0.0.5"), ALICE, now)).isEmpty();
        assertThat(allowing.status(now)).isEmpty();
        fail(allowing, HAMMER, ALICE, 5);
        assertThat(allowing.retryAfter(HAMMER, ALICE, now)).isPresent();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        fail(throttle, ip("2001:db8:1:2::1"), ALICE, 3);
        fail(throttle, ip("2001:db8:1:2::ffff"), ALICE, 2);
        assertThat(wait(ip("2001:db8:1:2:aaaa::7"), ALICE)).isPresent();
        assertThat(wait(ip("2001:db8:1:3::1"), ALICE)).isEmpty();
        assertThat(throttle.unban("2001:db8:1:2::1")).isTrue();
        assertThat(wait(ip("2001:db8:1:2::1"), ALICE)).isEmpty();
    }

    @Test
    void statusShowsAddressesAndAccounts() {
        fail(throttle, HAMMER, ALICE, 5);
        assertThat(throttle.status(now)).containsExactly(
                new AuthThrottle.Entry(AuthThrottle.Scope.IP, "127.0.0.9", 0, 1, Optional.of(now.plusSeconds(60))),
                new AuthThrottle.Entry(AuthThrottle.Scope.ACCOUNT, ALICE, 5, 0, Optional.empty()));
    }

    @Test
    void unbanAnAddress() {
        fail(throttle, HAMMER, ALICE, 5);
        assertThat(throttle.unban(" 127.0.0.9 ")).isTrue();
        assertThat(wait(HAMMER, ALICE)).isEmpty();
        assertThat(throttle.unban("127.0.0.9")).isFalse();
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
    void memoryIsBoundedAndTheOldestGoFirst() {
        var rules = new ThrottleRules(5, 10, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofHours(24), 3);
        var small = new MemoryAuthThrottle(rules, ip -> false);
        for (int i = 1; i <= 6; i++) {
            fail(small, ip("127.0.2." + i), "user" + i + "@example.org", 1);
        }
        var keys = small.status(now).stream().map(AuthThrottle.Entry::key).toList();
        assertThat(keys).containsExactly("127.0.2.4", "127.0.2.5", "127.0.2.6",
                "user4@example.org", "user5@example.org", "user6@example.org");
    }

    @Test
    void oneAddressBannedLeavesEveryOtherAddressFree() {
        for (int i = 1; i <= 200; i++) {
            fail(throttle, ip("127.0.3." + i), "user" + i + "@example.org", 5);
        }
        assertThat(wait(OWNER, ALICE)).isEmpty();
        assertThat(wait(ip("127.0.3.7"), ALICE)).isPresent();
    }
}
