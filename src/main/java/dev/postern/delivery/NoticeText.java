package dev.postern.delivery;

import dev.postern.queue.QueueEntry;
import dev.postern.queue.Undelivered;
import dev.postern.smtp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The human part of a bounce or delay notice: what happened, to whom, what the remote server said,
 * and what the sender can do about it, in plain words (the part most people read).
 */
final class NoticeText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private NoticeText() {
    }

    static String of(QueueEntry entry, List<Undelivered> recipients, boolean failed, BounceSettings settings,
                     Instant now) {
        var out = new StringBuilder();
        out.append("This is the mail system at ").append(settings.reportingMta()).append(".\r\n\r\n");
        if (failed) {
            out.append("Your message could not be delivered to the recipients below. It will not be retried.\r\n");
        } else {
            long hours = Math.max(1, Duration.between(entry.arrival(), now).toHours());
            out.append("Your message has not been delivered yet to the recipients below, after ").append(hours)
                    .append(hours == 1 ? " hour" : " hours").append(" of trying.\r\n")
                    .append("This is only a warning: you do not need to send it again. We will keep trying until ")
                    .append(WHEN.format(entry.arrival().plus(settings.giveUpAfter()))).append(",\r\n")
                    .append("and tell you if we have to give up.\r\n");
        }
        out.append("\r\nThe message was sent on ").append(WHEN.format(entry.arrival())).append(".\r\n");
        for (var u : recipients) {
            Reply reply = u.diagnosis().reply();
            out.append("\r\n<").append(u.recipient().address()).append(">\r\n");
            out.append("  ").append(u.diagnosis().remoteMta()
                    .map(m -> "The receiving server " + m + " answered:")
                    .orElse("Postern could not hand it over:")).append("\r\n");
            out.append("    ").append(DeliveryStatusReport.clean(DeliveryStatusReport.diagnostic(reply))).append("\r\n");
            out.append("  What you can do: ").append(advice(reply, failed)).append("\r\n");
        }
        out.append("\r\nThe technical report and the headers of your message are attached.\r\n");
        return out.toString();
    }

    /** Advice by the enhanced status (RFC 3463): the subject and detail say what kind of problem it was. */
    static String advice(Reply reply, boolean failed) {
        if (!failed) {
            return "nothing yet; if it is urgent, reach the recipient another way.";
        }
        if (reply.transientFailure()) {
            return "the receiving server kept refusing or could not be reached; try again later, or reach the"
                    + " recipient another way.";
        }
        var s = reply.status();
        if (s.subject() == 1 && s.detail() == 10) {
            return "this domain says it accepts no mail at all (null MX); use another address.";
        }
        if (s.subject() == 1) {
            return "check the address for typing mistakes, or ask the recipient for their current address.";
        }
        if (s.subject() == 2 && s.detail() == 2) {
            return "the recipient's mailbox is full; ask them to make room, then send it again.";
        }
        if ((s.subject() == 2 && s.detail() == 3) || (s.subject() == 3 && s.detail() == 4)) {
            return "the message is too big for the receiving server; send smaller attachments, or a link.";
        }
        if (s.subject() == 6) {
            return "the receiving server cannot take this kind of message (8-bit text or international address);"
                    + " send it in plain English letters, or ask your provider.";
        }
        if (s.subject() == 7) {
            return "the receiving server refused it for policy or security reasons; contact the recipient"
                    + " another way, or forward this report to your provider's support.";
        }
        return "forward this report to your provider's support or the recipient's postmaster.";
    }
}
