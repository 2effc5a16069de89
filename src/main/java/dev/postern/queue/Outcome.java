package dev.postern.queue;

import dev.postern.smtp.Reply;
import java.util.Optional;

/**
 * What a {@link Deliverer} reports for one recipient; the reply says why (for logs and DSNs), and
 * {@code remoteMta} names the server that gave it ({@code name[address]:port}) when one did.
 */
public sealed interface Outcome {

    record Delivered() implements Outcome {}

    /** A temporary failure: the runner retries per its {@link RetrySchedule}. */
    record Deferred(Reply reason, Optional<String> remoteMta) implements Outcome {
        public Deferred(Reply reason) {
            this(reason, Optional.empty());
        }
    }

    /** A permanent failure: the recipient is final. */
    record Failed(Reply reason, Optional<String> remoteMta) implements Outcome {
        public Failed(Reply reason) {
            this(reason, Optional.empty());
        }
    }

    Outcome DELIVERED = new Delivered();
}
