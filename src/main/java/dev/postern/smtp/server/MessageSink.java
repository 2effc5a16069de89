package dev.postern.smtp.server;

import dev.postern.smtp.Reply;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the session streams one message's content (dot-unstuffed, CRLF line endings) during
 * DATA or BDAT. Exactly one of {@link #commit()} and {@link #abort()} ends it.
 */
public interface MessageSink {

    /** The content stream; the session writes the message to it and never closes it. */
    OutputStream body();

    /**
     * Makes the message durable and returns the final reply: 250 only once the message and its
     * envelope are on disk; 451/452 when that failed (never 250, never 5xx for a local fault).
     */
    Reply commit() throws IOException;

    /** Discards what was written (size limit exceeded, connection lost, client gave up). */
    void abort();

    /**
     * Whether a write failed because the disk (or the user's quota) is full: then the reply is
     * 452 4.3.1, "insufficient system storage" (RFC 3463), not 451. ENOSPC and EDQUOT reach Java
     * only as the text of an IOException.
     */
    static boolean diskFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left") || message.contains("quota exceeded")
                    || message.contains("Disk quota"))) {
                return true;
            }
        }
        return false;
    }
}
