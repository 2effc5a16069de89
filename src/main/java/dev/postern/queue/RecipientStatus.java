package dev.postern.queue;

import java.time.Instant;

/** Where one recipient of a queue entry stands; Delivered and Failed are final. */
public sealed interface RecipientStatus {

    record Pending() implements RecipientStatus {}

    record Delivered() implements RecipientStatus {}

    record Deferred(String reason, Instant nextAttempt) implements RecipientStatus {}

    record Failed(String reason) implements RecipientStatus {}

    RecipientStatus PENDING = new Pending();
    RecipientStatus DELIVERED = new Delivered();

    default boolean isFinal() {
        return switch (this) {
            case Pending p -> false;
            case Deferred d -> false;
            case Delivered d -> true;
            case Failed f -> true;
        };
    }
}
