package dev.postern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.limits.MemoryAuthThrottle;
import dev.postern.limits.ThrottleRules;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static final String DUMMY = "{PLAIN}dummy-nobody-knows";
    private static final InetAddress HAMMER = InetAddress.ofLiteral("127.0.0.9");
    private static final InetAddress OTHER = InetAddress.ofLiteral("127.0.0.10");

    private final Map<String, String> hashes = Map.of("alice@example.org", "{PLAIN}secret");
    private final List<String> lookups = new ArrayList<>();
    private final List<String> verified = new ArrayList<>();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T02:00:00Z"));
    private final Authenticator authenticator = new Authenticator(
            address -> {
                lookups.add(address);
                return Optional.ofNullable(hashes.get(address));
            },
            (password, stored) -> {
                verified.add(stored);
                return stored.equals("{PLAIN}" + new String(password));
            },
            DUMMY, new MemoryAuthThrottle(ThrottleRules.DEFAULTS, ip -> false), clock);

    private AuthResult login(InetAddress ip, String user, String password) {
        return authenticator.authenticate(ip, user, password.toCharArray());
    }

    @Test
    void rightPasswordLogsInAsTheCanonicalAccount() {
        assertThat(login(OTHER, " Alice@Example.ORG ", "secret")).isEqualTo(new AuthResult.Success("alice@example.org"));
        assertThat(lookups).containsExactly("alice@example.org");
    }

    @Test
    void unknownUserAndWrongPasswordAreTheSameResultAndTheSameWork() {
        var wrong = login(OTHER, "alice@example.org", "guess");
        var unknown = login(OTHER, "mallory@example.org", "guess");
        assertThat(wrong).isEqualTo(unknown).isEqualTo(new AuthResult.BadCredentials());
        // One verification each: the unknown user is checked against the dummy hash.
        assertThat(verified).containsExactly("{PLAIN}secret", DUMMY);
    }

    @Test
    void theDummyHashNeverLogsAnyoneIn() {
        assertThat(login(OTHER, "nobody@example.org", "dummy-nobody-knows")).isEqualTo(new AuthResult.BadCredentials());
    }

    @Test
    void anEmptyPasswordNeverMatches() {
        var emptyAllowed = new Authenticator(a -> Optional.of("{PLAIN}"), (p, s) -> true, DUMMY,
                new MemoryAuthThrottle(ThrottleRules.DEFAULTS, ip -> false), clock);
        assertThat(emptyAllowed.authenticate(OTHER, "a@b", new char[0])).isEqualTo(new AuthResult.BadCredentials());
    }

    @Test
    void implausibleNamesAreNotLookedUpButStillVerified() {
        assertThat(login(OTHER, "alice", "secret")).isEqualTo(new AuthResult.BadCredentials());
        assertThat(login(OTHER, "a b@example.org", "secret")).isEqualTo(new AuthResult.BadCredentials());
        assertThat(lookups).isEmpty();
        assertThat(verified).containsExactly(DUMMY, DUMMY);
    }

    @Test
    void fiveFailuresFromOneAddressThrottleItWithoutCheckingThePassword() {
        for (int i = 0; i < 5; i++) {
            assertThat(login(HAMMER, "alice@example.org", "guess" + i)).isEqualTo(new AuthResult.BadCredentials());
        }
        verified.clear();
        assertThat(login(HAMMER, "alice@example.org", "secret"))
                .isEqualTo(new AuthResult.Throttled(Duration.ofMinutes(1)));
        assertThat(verified).isEmpty();
        // Another address, even for the same account, is not affected.
        assertThat(login(OTHER, "alice@example.org", "secret")).isEqualTo(new AuthResult.Success("alice@example.org"));
    }

    @Test
    void theThrottleLiftsWhenTheCoolingOffPeriodEnds() {
        for (int i = 0; i < 5; i++) {
            login(HAMMER, "alice@example.org", "guess");
        }
        clock.advance(Duration.ofSeconds(30));
        assertThat(login(HAMMER, "alice@example.org", "secret"))
                .isEqualTo(new AuthResult.Throttled(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(30));
        assertThat(login(HAMMER, "alice@example.org", "secret")).isEqualTo(new AuthResult.Success("alice@example.org"));
    }

    @Test
    void successForgetsTheAddressFailures() {
        for (int i = 0; i < 4; i++) {
            login(OTHER, "alice@example.org", "typo");
        }
        login(OTHER, "alice@example.org", "secret");
        for (int i = 0; i < 4; i++) {
            assertThat(login(OTHER, "alice@example.org", "typo")).isEqualTo(new AuthResult.BadCredentials());
        }
        assertThat(login(OTHER, "alice@example.org", "secret")).isEqualTo(new AuthResult.Success("alice@example.org"));
    }

    @Test
    void canonicalFormIsLowerCaseAndTrimmed() {
        assertThat(Authenticator.canonical("  Bob@EXAMPLE.net\t")).isEqualTo("bob@example.net");
    }

    /** A clock the test moves by hand. */
    static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
