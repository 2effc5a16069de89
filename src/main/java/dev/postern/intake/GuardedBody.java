package dev.postern.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A sink's body stream: passes writes on until the first one fails, then swallows the rest, so
 * the session reads the client's content to its end and the sink reports the failure once, at
 * commit (451/452). After {@link #end} every write is dropped. Not thread-safe: one session writes.
 */
final class GuardedBody extends OutputStream {

    private final OutputStream target;
    private IOException failure;
    private long written;
    private boolean ended;

    GuardedBody(OutputStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (failure != null || ended) {
            return;
        }
        try {
            target.write(bytes, offset, length);
            written += length;
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Records a failure that happened before any write (the file could not even be opened). */
    void fail(IOException cause) {
        failure = cause;
    }

    /** The first write failure, if any. */
    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Octets passed on so far. */
    long written() {
        return written;
    }

    /** From now on writes are dropped: the sink committed or aborted. */
    void end() {
        ended = true;
    }
}
