package dev.postern.delivery;

import dev.postern.mailbox.Maildir;
import dev.postern.mailbox.MaildirStore;
import dev.postern.queue.Deliverer;
import dev.postern.queue.Outcome;
import dev.postern.queue.QueueEntry;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers into the recipients' Maildirs. */
public final class LocalDelivery implements Deliverer {

    private static final Logger log = LoggerFactory.getLogger(LocalDelivery.class);

    private final MaildirStore store;

    public LocalDelivery(MaildirStore store) {
        this.store = store;
    }

    @Override
    public List<Outcome> deliver(QueueEntry entry, List<Recipient> recipients, Content content) {
        return recipients.stream().map(rcpt -> deliverOne(entry, rcpt, content)).toList();
    }

    private Outcome deliverOne(QueueEntry entry, Recipient rcpt, Content content) {
        byte[] trace = Maildir.traceFields(entry.sender().toString(), rcpt.address().toString());
        try {
            var maildir = store.maildir(rcpt.address());
            String name = maildir.deliver(out -> {
                out.write(trace);
                try (var in = content.open()) {
                    in.transferTo(out);
                }
            });
            log.info("{}: to=<{}> relay=local maildir={} status=sent", entry.id(), rcpt.address(), name);
            return Outcome.DELIVERED;
        } catch (IllegalArgumentException e) {
            log.warn("{}: to=<{}> relay=local status=failed ({})", entry.id(), rcpt.address(), e.getMessage());
            return new Outcome.Failed(Reply.of(550, Status.BAD_DESTINATION_MAILBOX,
                    "mailbox name not usable: " + rcpt.address()));
        } catch (IOException e) {
            Reply reason = MessageSink.diskFull(e)
                    ? Reply.of(452, Status.SYSTEM_FULL, "Insufficient system storage")
                    : Reply.of(451, Status.SYSTEM_ERROR, "mailbox write error");
            log.warn("{}: to=<{}> relay=local status=deferred ({}: {})", entry.id(), rcpt.address(),
                    reason.text(), e.toString());
            return new Outcome.Deferred(reason);
        }
    }
}
