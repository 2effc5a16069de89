package dev.postern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.auth.Authenticator;
import dev.postern.auth.PasswordHash;
import dev.postern.limits.MemoryAuthThrottle;
import dev.postern.limits.ThrottleRules;
import dev.postern.pop3.Pop3Login;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** POP3 logins through the authenticator SMTP AUTH uses: the same throttle counts both. */
class Pop3ServiceTest {

    private static final InetAddress HAMMER = InetAddress.ofLiteral("127.0.0.9");
    private static final InetAddress OTHER = InetAddress.ofLiteral("127.0.0.10");

    private final Authenticator shared = new Authenticator(
            address -> address.equals("alice@example.org") ? Optional.of("{PLAIN}secret") : Optional.empty(),
            (password, stored) -> stored.equals("{PLAIN}" + new String(password)),
            "{PLAIN}dummy-nobody-knows", new MemoryAuthThrottle(ThrottleRules.DEFAULTS, ip -> false),
            Clock.fixed(Instant.parse("2026-11-29T03:00:00Z"), ZoneOffset.UTC));
    private final dev.postern.pop3.Authenticator pop3 = Pop3Service.login(shared);

    private Pop3Login pop3(InetAddress client, String user, String password) {
        return pop3.authenticate(client, user, password.toCharArray());
    }

    @Test
    void aGoodPasswordOpensTheCanonicalAccount() {
        assertThat(pop3(OTHER, "Alice@Example.ORG", "secret")).isEqualTo(new Pop3Login.Success("alice@example.org"));
    }

    @Test
    void wrongPasswordAndUnknownUserAreBothBadCredentials() {
        assertThat(pop3(OTHER, "alice@example.org", "guess")).isEqualTo(new Pop3Login.BadCredentials());
        assertThat(pop3(OTHER, "mallory@example.org", "guess")).isEqualTo(new Pop3Login.BadCredentials());
    }

    @Test
    void failuresOverSmtpAuthAndPop3AddUpAndThrottleEvenTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            assertThat(shared.authenticate(HAMMER, "alice@example.org", "smtp-guess".toCharArray()))
                    .isInstanceOf(dev.postern.auth.AuthResult.BadCredentials.class);
        }
        assertThat(pop3(HAMMER, "alice@example.org", "pop-guess")).isEqualTo(new Pop3Login.BadCredentials());
        assertThat(pop3(HAMMER, "alice@example.org", "pop-guess")).isEqualTo(new Pop3Login.BadCredentials());

        // ThrottleRules.DEFAULTS: 5 failures per IP, then a first ban of one minute
        assertThat(pop3(HAMMER, "alice@example.org", "secret"))
                .isEqualTo(new Pop3Login.Throttled(Duration.ofMinutes(1)));
        assertThat(pop3(OTHER, "alice@example.org", "secret")).isEqualTo(new Pop3Login.Success("alice@example.org"));
    }
}
