package dev.postern.smtp.server;

import dev.postern.smtp.Reply;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's body stream, kept apart from the connection's faults: a write that fails (disk full)
 * is remembered and later writes are dropped, so the session still reads the client's content to
 * its end and answers 451 instead of mistaking a local fault for a lost connection.
 */
final class SinkOutput extends OutputStream {

    private static final Logger log = LoggerFactory.getLogger(SinkOutput.class);

    private final OutputStream body;
    private IOException failure;

    SinkOutput(OutputStream body) {
        this.body = body;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (failure != null) {
            return;
        }
        try {
            body.write(bytes, offset, length);
        } catch (IOException e) {
            log.warn("queue file write failed", e);
            failure = e;
        }
    }

    boolean failed() {
        return failure != null;
    }

    /** The reply for a failed write: 452 when the disk is full, else 451. */
    Reply failureReply() {
        return MessageSink.diskFull(failure) ? SmtpReplies.INSUFFICIENT_STORAGE : SmtpReplies.QUEUE_WRITE_ERROR;
    }
}
