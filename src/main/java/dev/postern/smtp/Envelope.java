package dev.postern.smtp;

import java.util.List;

/** What a transaction carries besides the message: the reverse path, the recipients and MAIL's parameters. */
public record Envelope(ReversePath sender, List<Recipient> recipients, MailParameters parameters) {

    public Envelope {
        recipients = List.copyOf(recipients);
    }
}
