package dev.postern.sending;

import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The sending limits' reply catalog: cPanel's wording, plus when sending resumes (RFC 3463 x.7.1). */
final class LimitReplies {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private LimitReplies() {
    }

    /** {@code Domain example.com has exceeded the max defers and failures per hour (7/5 (58%)) allowed.} */
    static String deferFailText(String domain, Tally tally, int trigger, Instant until) {
        return "Domain " + domain + " has exceeded the max defers and failures per hour (" + tally.deferFail() + "/"
                + trigger + " (" + tally.percent() + "%)) allowed. Sending resumes at " + hhmm(until) + " UTC.";
    }

    static String capText(String domain, int accepted, int max, Instant until) {
        return "Domain " + domain + " has exceeded the max emails per hour (" + accepted + "/" + max + " ("
                + LimitRules.percent(accepted, max) + "%)) allowed. Sending resumes at " + hhmm(until) + " UTC.";
    }

    /** At MAIL FROM or RCPT, and for queued mail failed by {@code limits.on_block = fail}. */
    static Reply refused(String text) {
        return Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED, text);
    }

    /** Queued mail held while its domain is blocked ({@code limits.on_block = defer}). */
    static Reply deferred(String text) {
        return Reply.of(451, Status.DELIVERY_NOT_AUTHORIZED, text);
    }

    /** A message accepted over the hourly cap, waiting for the next hour. */
    static Reply held(String domain, Instant until) {
        return Reply.of(451, Status.DELIVERY_NOT_AUTHORIZED, "Domain " + domain
                + " is over the max emails per hour: message held until " + hhmm(until) + " UTC");
    }

    /** Added to the 250 after DATA of a held message, so the sender learns it now. */
    static String heldNote(String domain, int accepted, int max, Instant until) {
        return "held: domain " + domain + " is over the max emails per hour (" + accepted + "/" + max + " ("
                + LimitRules.percent(accepted, max) + "%)); it will be sent after " + hhmm(until) + " UTC";
    }

    static String hhmm(Instant t) {
        return HH_MM.format(t);
    }
}
