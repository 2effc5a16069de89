package dev.postern.smtp.server;

import dev.postern.auth.AuthResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The accounts of the transcripts: {@code alice@example.test} with password {@code secret};
 * {@code throttled@example.test} is always throttled (90 s); {@code broken@example.test} makes the
 * store fail; anyone else is a bad login.
 */
final class FakeAuthentication implements Authentication {

    @Override
    public AuthResult authenticate(InetAddress client, String user, char[] password) {
        String account = user.strip().toLowerCase(Locale.ROOT);
        return switch (account) {
            case "alice@example.test" -> Arrays.equals(password, "secret".toCharArray())
                    ? new AuthResult.Success(account) : new AuthResult.BadCredentials();
            case "throttled@example.test" -> new AuthResult.Throttled(Duration.ofSeconds(90));
            case "broken@example.test" -> throw new IllegalStateException("database is locked");
            default -> new AuthResult.BadCredentials();
        };
    }
}
