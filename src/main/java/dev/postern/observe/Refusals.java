package dev.postern.observe;

import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/** The reason label of a refused MAIL, RCPT or end of data, read from the reply (RFC 3463 codes). */
final class Refusals {

    /** How {@code policy.RelayPolicy} starts its refusal; its enhanced code x.7.1 is shared with others. */
    static final String RELAY_DENIED_TEXT = "Relaying denied";

    /**
     * How {@code sending.LimitReplies} words a blocked domain (cPanel's "Domain d has exceeded the
     * max defers and failures per hour …" or "… max emails per hour …"); its 5.7.1 is shared with
     * the sender check, so the words tell them apart.
     */
    private static final Pattern SENDING_LIMIT = Pattern.compile("^Domain \\S+ has exceeded the max ");
    private static final Pattern RESUMES_AT = Pattern.compile("resumes at (\\d{2}):(\\d{2}) UTC");

    private Refusals() {
    }

    static boolean sendingLimit(Reply reply) {
        return SENDING_LIMIT.matcher(reply.text()).find();
    }

    /** When a sending-limit refusal says sending resumes: the next such HH:MM UTC after {@code now}. */
    static Optional<Instant> resumesAt(String text, Instant now) {
        var m = RESUMES_AT.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        Instant at = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(Integer.parseInt(m.group(1))))
                .plus(Duration.ofMinutes(Integer.parseInt(m.group(2))));
        return Optional.of(at.isAfter(now) ? at : at.plus(Duration.ofDays(1)));
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
        } else if (sendingLimit(reply)) {
            return "sending_limit";
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
