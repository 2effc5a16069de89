package dev.postern.pop3;

import java.time.Duration;
import java.util.Objects;

/**
 * One POP3 listener's settings.
 *
 * @param hostname        named in the greeting
 * @param stls            whether STLS may be offered (the listener has a certificate and is not
 *                        implicit TLS)
 * @param plaintextLogin  when USER/PASS and AUTH are allowed on an unencrypted connection
 *                        ({@code auth.require_tls})
 * @param commandTimeout  inactivity autologout; RFC 1939 §3 requires at least 10 minutes
 * @param maxLineLength   longest command line in octets; RFC 2449 §4 requires at least 255
 * @param maxBadCommands  unknown or malformed commands tolerated before the connection is closed
 */
public record Pop3Settings(String hostname, Stls stls, PlaintextLogin plaintextLogin,
                           Duration commandTimeout, int maxLineLength, int maxBadCommands) {

    public enum Stls { OFFERED, NOT_OFFERED }

    public enum PlaintextLogin { ALLOWED, TLS_REQUIRED, TLS_REQUIRED_EXCEPT_LOOPBACK }

    public static final Duration MINIMUM_TIMEOUT = Duration.ofMinutes(10);

    public Pop3Settings {
        Objects.requireNonNull(hostname);
        Objects.requireNonNull(stls);
        Objects.requireNonNull(plaintextLogin);
        if (commandTimeout.compareTo(MINIMUM_TIMEOUT) < 0) {
            throw new IllegalArgumentException("pop3 command timeout must be at least 10 minutes (RFC 1939 §3)");
        }
        if (maxLineLength < 255) {
            throw new IllegalArgumentException("pop3 max line length must be at least 255 (RFC 2449 §4)");
        }
        if (maxBadCommands < 1) {
            throw new IllegalArgumentException("pop3 max bad commands must be at least 1");
        }
    }

    /** Ten minutes' timeout, 8 KB lines (room for SASL responses), 10 bad commands. */
    public static Pop3Settings defaults(String hostname, Stls stls, PlaintextLogin plaintextLogin) {
        return new Pop3Settings(hostname, stls, plaintextLogin, MINIMUM_TIMEOUT, 8192, 10);
    }
}
