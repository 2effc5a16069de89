package dev.postern.observe;

import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;

/** The reason label of a refused MAIL, RCPT or end of data, read from the reply (RFC 3463 codes). */
final class Refusals {

    /** How {@code policy.RelayPolicy} starts its refusal; its enhanced code x.7.1 is shared with others. */
    static final String RELAY_DENIED_TEXT = "Relaying denied";

    private Refusals() {
    }

    static boolean relayDenied(Reply reply) {
        return reply.status().equals(Status.DELIVERY_NOT_AUTHORIZED) && reply.text().startsWith(RELAY_DENIED_TEXT);
    }

    static boolean sizeRefused(Reply reply) {
        return reply.status().equals(Status.MESSAGE_TOO_BIG);
    }

    static boolean tlsRequired(Reply reply) {
        return reply.status().equals(Status.ENCRYPTION_REQUIRED); // RFC 4954 §6: 538 5.7.11
    }

    static boolean authRequired(Reply reply) {
        return reply.code() == 530; // RFC 4954 §6
    }

    static String reason(String verb, Reply reply) {
        Status status = reply.status();
        if (relayDenied(reply)) {
            return "relay_denied";
        } else if (status.equals(Status.BAD_DESTINATION_MAILBOX)) {
            return "unknown_user";
        } else if (sizeRefused(reply)) {
            return "size";
        } else if (tlsRequired(reply)) {
            return "tls_required";
        } else if (authRequired(reply)) {
            return "auth_required";
        } else if (verb.equals("MAIL") && status.equals(Status.DELIVERY_NOT_AUTHORIZED)) {
            return "sender_not_owned";
        } else if (status.equals(Status.TOO_MANY_RECIPIENTS)) {
            return "too_many_recipients";
        } else if (reply.code() == 503) {
            return "bad_sequence";
        } else if (reply.code() == 500 || reply.code() == 501 || reply.code() == 555) {
            return "syntax";
        }
        return reply.transientFailure() ? "temporary" : "other";
    }
}
