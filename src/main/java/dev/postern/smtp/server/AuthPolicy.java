package dev.postern.smtp.server;

import java.net.InetAddress;

/**
 * How a listener treats SMTP AUTH (RFC 4954) and unauthenticated senders.
 *
 * @param role            MTA listeners accept mail without AUTH; SUBMISSION listeners (RFC 6409,
 *                        RFC 8314) refuse MAIL until the client has authenticated
 * @param clearText       whether AUTH is offered and accepted on a connection without TLS
 * @param legacyAdvertise also send {@code AUTH=PLAIN LOGIN} in EHLO, the pre-RFC 2554 form that
 *                        Outlook Express and old Outlook versions look for
 */
public record AuthPolicy(Role role, ClearText clearText, boolean legacyAdvertise) {

    /** Port 25 and its alternates, or a submission port (587, 465). */
    public enum Role { MTA, SUBMISSION }

    /** {@code auth.require_tls} and {@code auth.allow_plaintext_loopback} as one value. */
    public enum ClearText {
        /** AUTH only after STARTTLS or on implicit TLS; 538 in clear (the default). */
        REFUSED,
        /** As REFUSED, except clients connecting from a loopback address. */
        LOOPBACK_ONLY,
        /** AUTH offered in clear too ({@code auth.require_tls = false}). */
        ALLOWED
    }

    /** An MTA listener that offers AUTH only under TLS and advertises both AUTH lines. */
    public static final AuthPolicy DEFAULTS = new AuthPolicy(Role.MTA, ClearText.REFUSED, true);

    public AuthPolicy {
        if (role == null || clearText == null) {
            throw new IllegalArgumentException("role and clearText are required");
        }
    }

    /** Whether AUTH is offered to {@code client} on a connection that is (or is not) encrypted. */
    public boolean offersAuth(boolean encrypted, InetAddress client) {
        return encrypted || switch (clearText) {
            case REFUSED -> false;
            case LOOPBACK_ONLY -> client.isLoopbackAddress();
            case ALLOWED -> true;
        };
    }

    public AuthPolicy withRole(Role newRole) {
        return new AuthPolicy(newRole, clearText, legacyAdvertise);
    }
}
