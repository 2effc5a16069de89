package dev.postern.auth;

import java.util.Arrays;

/**
 * What a SASL exchange asks of the protocol session next: send a challenge, check the credentials,
 * or answer a failure. Each session (SMTP per RFC 4954, POP3 per RFC 5034) maps these to its own
 * replies; the exchange itself knows no protocol.
 */
public sealed interface SaslStep {

    /**
     * Send this challenge to the client (SMTP {@code 334 base64}, POP3 {@code + base64}) and pass
     * its answer line to {@link SaslExchange#respond}. The base64 text may be empty.
     */
    record Challenge(String base64) implements SaslStep {
    }

    /**
     * The client has said who it is and what its password is; check them (e.g. with
     * {@link Authenticator}). The receiver owns {@code password} and should {@link #erase()} it
     * once checked.
     */
    record Credentials(String user, char[] password) implements SaslStep {

        /** Overwrites the password in place, so it does not linger on the heap. */
        public void erase() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=<hidden>]";
        }
    }

    /** The exchange is over without credentials; {@link Kind} tells which reply to send. */
    record Failure(Kind kind) implements SaslStep {
    }

    /** Why an exchange failed, with the SMTP reply RFC 4954 gives for it. */
    enum Kind {
        /** The mechanism is not offered: SMTP {@code 504 5.5.4}, POP3 {@code -ERR}. */
        UNKNOWN_MECHANISM,
        /** The client's line was not base64 (RFC 4954 §4): SMTP {@code 501 5.5.2}. */
        BAD_BASE64,
        /** The client answered {@code *} (RFC 4954 §4): SMTP {@code 501 5.0.0}. */
        CANCELLED,
        /**
         * Valid base64 that does not decode to what the mechanism expects (wrong field count, empty
         * user or password, invalid UTF-8): SMTP {@code 501 5.5.2}.
         */
        MALFORMED,
        /**
         * PLAIN named an authorization identity other than the authentication identity; Postern
         * lets nobody act for another user (RFC 4616 §2): SMTP {@code 535 5.7.8}, counted as a
         * failed login by nobody since no password was checked.
         */
        AUTHZID_REFUSED
    }
}
