package dev.postern.mailbox;

import java.io.IOException;
import java.util.Optional;

/**
 * A mailbox lock that other nodes see too (several Postern nodes over one Maildir root), taken by
 * {@link Maildrops#open} after its in-process lock. {@link #LOCAL} adds nothing: one node.
 */
@FunctionalInterface
public interface MaildropLock {

    /** One node only: the in-process lock of {@link Maildrops} is the whole story. */
    MaildropLock LOCAL = mailbox -> Optional.of(() -> { });

    /**
     * Takes the lock of {@code mailbox} (a canonical address) without waiting; empty when another
     * node holds it. An {@link IOException} means the lock could not be asked for (the session
     * answers a temporary error).
     */
    Optional<Held> tryAcquire(String mailbox) throws IOException;

    /** A lock held until released; a node that dies releases its locks with it. */
    @FunctionalInterface
    interface Held {
        void release();
    }
}
