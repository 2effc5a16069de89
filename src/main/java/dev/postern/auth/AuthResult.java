package dev.postern.auth;

import java.time.Duration;

/** The outcome of one login attempt, the same for SMTP AUTH and POP3. */
public sealed interface AuthResult {

    /** The password was right; {@code account} is the canonical address to record as the user. */
    record Success(String account) implements AuthResult {
    }

    /**
     * Wrong password or no such account; deliberately one outcome (SMTP {@code 535 5.7.8}) so
     * a client cannot learn which addresses exist.
     */
    record BadCredentials() implements AuthResult {
    }

    /**
     * Too many failures from this client: the password was not even checked. SMTP answers
     * {@code 454 4.7.0} (or {@code 421 4.7.0} and closes); retry is possible after {@code retryAfter}.
     */
    record Throttled(Duration retryAfter) implements AuthResult {
    }
}
