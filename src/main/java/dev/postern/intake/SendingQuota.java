package dev.postern.intake;

import dev.postern.queue.QueueId;
import dev.postern.smtp.Reply;
import java.util.Optional;

/**
 * The per-domain sending limits as intake asks them (docs/LIMITS.md), for mail from authenticated
 * and relaying clients, keyed by the sender domain (the authenticated user's, else the envelope
 * sender's). Must not throw: an unanswerable question lets the mail through.
 */
public interface SendingQuota {

    /** The refusal while the domain may not send (blocked, or past the hourly cap's cutoff). */
    Optional<Reply> refusal(String senderDomain);

    /**
     * Counts one message with remote recipients, just before its queue entry is committed; the
     * words to add to the 250 when it is held over the hourly cap.
     */
    Optional<String> admit(String senderDomain, QueueId id);

    /** Takes back an {@link #admit} whose entry could not be committed. */
    void withdraw(String senderDomain, QueueId id);

    SendingQuota NONE = new SendingQuota() {
        @Override
        public Optional<Reply> refusal(String senderDomain) {
            return Optional.empty();
        }

        @Override
        public Optional<String> admit(String senderDomain, QueueId id) {
            return Optional.empty();
        }

        @Override
        public void withdraw(String senderDomain, QueueId id) {
        }
    };
}
