package dev.postern.sending;

import dev.postern.delivery.DeliveryReport;
import dev.postern.queue.Deliverer;
import dev.postern.queue.Outcome;
import dev.postern.queue.QueueEntry;
import dev.postern.smtp.Recipient;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands before remote delivery: a message held over the hourly cap, or any message of a blocked
 * domain, is deferred (or, with {@code limits.on_block = fail}, failed with cPanel's text) without
 * a connection. These outcomes are not reported to the limits: they are ours, not the remote's.
 */
final class SendingGate implements Deliverer {

    private static final Logger log = LoggerFactory.getLogger(SendingGate.class);

    private final SendingLimits limits;
    private final Deliverer remote;

    SendingGate(SendingLimits limits, Deliverer remote) {
        this.limits = limits;
        this.remote = remote;
    }

    @Override
    public List<Outcome> deliver(QueueEntry entry, List<Recipient> recipients, Content content) {
        Optional<Outcome> stop;
        try {
            stop = DeliveryReport.senderDomainOf(entry).flatMap(domain -> limits.stop(entry.id(), domain));
        } catch (RuntimeException e) {
            log.error("{}: sending limits unreadable ({}); delivering", entry.id(), e.getMessage());
            stop = Optional.empty();
        }
        if (stop.isPresent()) {
            log.info("{}: not sent now: {}", entry.id(), switch (stop.get()) {
                case Outcome.Deferred d -> d.reason().text();
                case Outcome.Failed f -> f.reason().text();
                case Outcome.Delivered d -> "";
            });
            return Collections.nCopies(recipients.size(), stop.get());
        }
        return remote.deliver(entry, recipients, content);
    }
}
