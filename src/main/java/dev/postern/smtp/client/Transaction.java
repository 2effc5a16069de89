package dev.postern.smtp.client;

import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** One message to send in a session: the envelope, the content size and the content (CRLF lines). */
public record Transaction(ReversePath sender, List<Recipient> recipients, MailParameters parameters,
                          long size, Source content) {

    public Transaction {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs a recipient");
        }
    }

    /** The message bytes, opened afresh each time. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }
}
