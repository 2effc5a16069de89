package dev.postern.queue;

import java.io.IOException;
import java.util.List;

/**
 * What the runner calls when recipients of an entry fail for good, and (once per entry) when it
 * has been deferred longer than the delay warning. Called before the failures are recorded: if the
 * hook throws, nothing is recorded and the attempt is repeated later, so a bounce is never lost
 * (at worst, written twice). Implemented by delivery's bounce writer (RFC 3464).
 */
public interface BounceHook {

    void failed(QueueEntry entry, List<Undelivered> recipients) throws IOException;

    void delayed(QueueEntry entry, List<Undelivered> recipients) throws IOException;

    BounceHook NONE = new BounceHook() {
        @Override
        public void failed(QueueEntry entry, List<Undelivered> recipients) {
        }

        @Override
        public void delayed(QueueEntry entry, List<Undelivered> recipients) {
        }
    };
}
