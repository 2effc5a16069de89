package dev.postern.queue;

import dev.postern.smtp.Reply;

/** What a {@link Deliverer} reports for one recipient; the reply says why (for logs and, later, DSNs). */
public sealed interface Outcome {

    record Delivered() implements Outcome {}

    /** A temporary failure: the runner retries per its {@link RetrySchedule}. */
    record Deferred(Reply reason) implements Outcome {}

    /** A permanent failure: the recipient is final. */
    record Failed(Reply reason) implements Outcome {}

    Outcome DELIVERED = new Delivered();
}
