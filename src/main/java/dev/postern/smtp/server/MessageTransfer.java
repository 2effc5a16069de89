package dev.postern.smtp.server;

import dev.postern.net.Connection;
import dev.postern.smtp.DataReader;
import dev.postern.smtp.Reply;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves message content from the connection into a {@link MessageSink}: DATA through the
 * {@link DataReader}, BDAT chunks as exact octet counts (RFC 3030 §2: binary-clean, no unstuffing,
 * kept as sent). Every read runs under a {@link Deadline}.
 */
final class MessageTransfer {

    private static final Logger log = LoggerFactory.getLogger(MessageTransfer.class);

    private final Connection connection;
    private final SessionSettings settings;
    private final ReplyWriter writer;
    private final byte[] buffer = new byte[8192];

    MessageTransfer(Connection connection, SessionSettings settings, ReplyWriter writer) {
        this.connection = connection;
        this.settings = settings;
        this.writer = writer;
    }

    /**
     * Reads DATA content to its end into the sink and ends the sink: the commit reply, or 552
     * past the size limit. A lost connection aborts the sink and throws.
     */
    Reply data(MessageSink sink) throws IOException {
        var deadline = new Deadline(connection, settings.dataTimeout(), settings.dataDeadline());
        var reader = new DataReader(new DataReader.Source() {
            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                writer.flushBeforeRead();
                deadline.arm();
                return connection.read(bytes, offset, length);
            }

            @Override
            public int peek(byte[] bytes, int offset, int length) throws IOException {
                return connection.peek(bytes, offset, length);
            }
        });
        var body = new SinkOutput(sink.body());
        DataReader.Outcome outcome;
        try {
            outcome = reader.transfer(body, settings.messageSizeLimit());
        } catch (IOException | RuntimeException e) {
            sink.abort();
            throw e;
        }
        return switch (outcome) {
            case DataReader.Outcome.Complete _ when body.failed() -> {
                sink.abort();
                yield body.failureReply();
            }
            case DataReader.Outcome.Complete _ -> commit(sink);
            case DataReader.Outcome.TooBig _ -> {
                sink.abort();
                yield SmtpReplies.MESSAGE_TOO_BIG;
            }
            case DataReader.Outcome.Truncated _ -> {
                sink.abort(); // nothing acknowledged: the client will send it again
                throw new EOFException("connection lost during DATA");
            }
        };
    }

    /**
     * Reads exactly {@code size} octets, writing at most {@code room} of them to {@code out};
     * false when writing failed (the octets are still all read).
     */
    boolean chunk(long size, OutputStream out, long room) throws IOException {
        var body = new SinkOutput(out);
        var deadline = new Deadline(connection, settings.dataTimeout(), settings.dataDeadline());
        long left = size;
        while (left > 0) {
            writer.flushBeforeRead();
            deadline.arm();
            int n = connection.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection lost during BDAT");
            }
            long read = size - left;
            int keep = (int) Math.max(0, Math.min(n, room - read));
            if (keep > 0) {
                body.write(buffer, 0, keep);
            }
            left -= n;
        }
        return !body.failed();
    }

    /** Reads and drops a chunk the session refuses: the octets must not be taken for commands. */
    void discard(long size) throws IOException {
        chunk(size, OutputStream.nullOutputStream(), 0);
    }

    /** The sink's own reply; a failed commit is a local fault, so 451, never 250 nor 5xx. */
    Reply commit(MessageSink sink) {
        try {
            return sink.commit();
        } catch (IOException e) {
            log.warn("{} queue commit failed", connection.peer(), e);
            return MessageSink.diskFull(e) ? SmtpReplies.INSUFFICIENT_STORAGE : SmtpReplies.QUEUE_WRITE_ERROR;
        }
    }
}
