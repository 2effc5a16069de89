package dev.postern.delivery;

import dev.postern.queue.Outcome;
import dev.postern.queue.QueueEntry;
import dev.postern.queue.QueueId;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.ReversePath;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One remote recipient's outcome of one attempt, with the sender's domain (empty for the null
 * sender of bounces): what the sending limits count.
 */
public record DeliveryReport(QueueId queueId, Optional<String> senderDomain, MailAddress recipient,
                             Outcome outcome) {

    /** Intake writes an entry's client as {@code helo [ip]} plus {@code  user=NAME} when authenticated. */
    private static final Pattern AUTHENTICATED_USER = Pattern.compile("\\] user=(\\S+)$");

    /**
     * The domain an entry's sending counts under (docs/LIMITS.md): the authenticated user's
     * domain when the client authenticated, else the envelope sender's; empty for the null sender.
     */
    public static Optional<String> senderDomainOf(QueueEntry entry) {
        if (!(entry.sender() instanceof ReversePath.Sender sender)) {
            return Optional.empty();
        }
        Matcher user = AUTHENTICATED_USER.matcher(entry.client());
        if (user.find()) {
            String name = user.group(1);
            int at = name.lastIndexOf('@');
            if (at > 0 && at < name.length() - 1) {
                return Optional.of(name.substring(at + 1).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.of(sender.address().domain());
    }
}
