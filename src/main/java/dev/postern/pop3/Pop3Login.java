package dev.postern.pop3;

import java.time.Duration;

/** The outcome of one POP3 login attempt, as {@link Authenticator} reports it. */
public sealed interface Pop3Login {

    /** The credentials are good; {@code account} is the canonical address whose maildrop opens. */
    record Success(String account) implements Pop3Login {
    }

    /** Wrong password or unknown user: one outcome, so a client cannot learn which accounts exist. */
    record BadCredentials() implements Pop3Login {
    }

    /** Too many recent failures from this client or for this account; try again after {@code retryAfter}. */
    record Throttled(Duration retryAfter) implements Pop3Login {
    }
}
