package dev.postern.queue;

import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.time.Instant;
import java.util.List;

/**
 * A committed message's envelope as the queue keeps it; the content stays on disk and is read
 * through {@link Queue#openContent}. {@code client} is free text for logs ({@code helo [ip]}).
 */
public record QueueEntry(QueueId id, Instant arrival, ReversePath sender, List<Recipient> recipients,
                         MailParameters parameters, String client, long size) {

    public QueueEntry {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a queue entry needs at least one recipient");
        }
    }
}
