package dev.postern.auth;

import dev.postern.limits.AuthThrottle;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user's password for SMTP AUTH and POP3, behind the login throttle. An unknown user
 * costs the same work as a wrong password (a verification against {@code dummyHash}) and gets the
 * same {@link AuthResult.BadCredentials}, so neither the reply nor its timing tells which
 * addresses exist (RFC 4954 §6 asks for one reply; timing is our addition). Store failures
 * propagate: the session answers them with a temporary error, never with 535.
 */
public final class Authenticator {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets; anything longer cannot be an account. */
    private static final int MAX_USER_LENGTH = 256;

    private final CredentialStore store;
    private final HashVerifier verifier;
    private final Supplier<String> dummyHash;
    private final AuthThrottle throttle;
    private final Clock clock;

    /**
     * {@code dummyHash}: a hash in the default scheme of a password nobody knows, made once at
     * start-up (e.g. {@code PasswordHash.hash(random)}), verified when the user is unknown so that
     * takes as long as a wrong password.
     */
    public Authenticator(CredentialStore store, HashVerifier verifier, String dummyHash,
                         AuthThrottle throttle, Clock clock) {
        this(store, verifier, () -> dummyHash, throttle, clock);
    }

    /**
     * As above, with the dummy hash still being made: a memory-hard hash costs a second or more
     * on a busy machine, which start-up should not wait for. Only the first login by an unknown
     * user waits for it, once.
     */
    public Authenticator(CredentialStore store, HashVerifier verifier, Supplier<String> dummyHash,
                         AuthThrottle throttle, Clock clock) {
        this.store = store;
        this.verifier = verifier;
        this.dummyHash = dummyHash;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * One login attempt by {@code client} as {@code user} (any case; canonicalised here). Does not
     * keep or erase {@code password}; the caller erases it.
     */
    public AuthResult authenticate(InetAddress client, String user, char[] password) {
        String account = canonical(user);
        var wait = throttle.retryAfter(client, account, clock.instant());
        if (wait.isPresent()) {
            log.info("auth throttled: ip={} user={} retry-after={}s", client.getHostAddress(),
                    printable(account), wait.get().toSeconds());
            return new AuthResult.Throttled(wait.get());
        }
        Optional<String> stored = plausible(account) ? store.passwordHash(account) : Optional.empty();
        // Verify even when the user is unknown, against the dummy hash, so both take as long.
        boolean matches = verifier.verify(password, stored.orElseGet(dummyHash));
        if (stored.isPresent() && matches && password.length > 0) {
            throttle.succeeded(client, account, clock.instant());
            log.info("auth ok: ip={} user={}", client.getHostAddress(), account);
            return new AuthResult.Success(account);
        }
        throttle.failed(client, account, clock.instant());
        log.info("auth failed: ip={} user={} reason={}", client.getHostAddress(), printable(account),
                stored.isPresent() ? "wrong password" : "unknown user");
        return new AuthResult.BadCredentials();
    }

    /** The account key for {@code user}: trimmed, lower case ({@code User@Example.COM} → {@code user@example.com}). */
    public static String canonical(String user) {
        String trimmed = user.strip();
        if (trimmed.length() > MAX_USER_LENGTH) {
            trimmed = trimmed.substring(0, MAX_USER_LENGTH);
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    /** An account is {@code local@domain}, printable, no spaces; anything else is not looked up. */
    private static boolean plausible(String account) {
        int at = account.lastIndexOf('@');
        return at > 0 && at < account.length() - 1
                && account.chars().allMatch(c -> c > 0x20 && c != 0x7f);
    }

    /** Usernames come from the network: keep control characters out of the log. */
    private static String printable(String text) {
        return text.codePoints().map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
