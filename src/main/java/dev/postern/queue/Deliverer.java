package dev.postern.queue;

import dev.postern.smtp.Recipient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The port through which the queue runner hands an entry to delivery. Implementations report
 * failures as {@link Outcome}s and do not throw; a thrown exception defers every recipient.
 */
public interface Deliverer {

    /**
     * Attempts {@code recipients} (a non-empty subset of {@code entry.recipients()}), returning one
     * outcome per recipient in the same order. {@code content} may be opened more than once.
     */
    List<Outcome> deliver(QueueEntry entry, List<Recipient> recipients, Content content);

    /** The message bytes as received (CRLF line endings), opened as a fresh stream each time. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }
}
