package dev.postern.queue;

import java.io.IOException;

/** A queue or status file that cannot be read back; recovery quarantines it. */
final class CorruptEntryException extends IOException {
    CorruptEntryException(String message) {
        super(message);
    }
}
