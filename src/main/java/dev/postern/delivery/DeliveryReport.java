package dev.postern.delivery;

import dev.postern.queue.Outcome;
import dev.postern.queue.QueueId;
import dev.postern.smtp.MailAddress;
import java.util.Optional;

/**
 * One remote recipient's outcome of one attempt, with the sender's domain (empty for the null
 * sender of bounces): what the sending limits count.
 */
public record DeliveryReport(QueueId queueId, Optional<String> senderDomain, MailAddress recipient,
                             Outcome outcome) {
}
