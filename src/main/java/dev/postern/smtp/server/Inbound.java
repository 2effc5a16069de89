package dev.postern.smtp.server;

import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import java.io.IOException;

/**
 * The one port through which an SMTP session hands decisions and messages to the application.
 * Call order per transaction: {@link #mailFrom} once, {@link #rcptTo} once per RCPT (after an
 * accepted MAIL), then {@link #open} once after DATA/first BDAT if at least one RCPT was accepted.
 * A reply with a 2xx code accepts; anything else refuses and is sent to the client as it is.
 * Implementations do I/O; the session never touches files or SQL.
 */
public interface Inbound {

    Reply mailFrom(Client client, ReversePath from, MailParameters parameters);

    Reply rcptTo(Client client, ReversePath from, Recipient to);

    /** Opens the durable sink for a message whose envelope holds only the accepted recipients. */
    MessageSink open(Client client, Envelope envelope) throws IOException;
}
