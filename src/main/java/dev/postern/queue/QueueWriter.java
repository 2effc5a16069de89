package dev.postern.queue;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One message being received into {@code incoming/}. Exactly one of {@link #commit()} and
 * {@link #abort()} ends it. Not thread-safe: one session writes it.
 */
public final class QueueWriter {

    private final Queue queue;
    private final QueueEntry pending;
    private final Path incoming;
    private final FileChannel channel;
    private final long lengthOffset;
    private final Counting body;
    private boolean ended;

    QueueWriter(Queue queue, QueueEntry pending, Path incoming, FileChannel channel, byte[] header)
            throws IOException {
        this.queue = queue;
        this.pending = pending;
        this.incoming = incoming;
        this.channel = channel;
        this.lengthOffset = EntryHeader.lengthOffset(header);
        // 8 KiB: a typical message is one write; a larger buffer, zeroed per message, cost more than it saved
        this.body = new Counting(new BufferedOutputStream(Channels.newOutputStream(channel), 8 * 1024));
        body.sink().write(header);
    }

    public QueueId id() {
        return pending.id();
    }

    /** The content stream (message bytes, CRLF line endings). Closing it does nothing. */
    public OutputStream body() {
        return body;
    }

    /**
     * Makes the entry durable: flush, fsync the file, fill in its length, rename it into
     * {@code active/}, fsync {@code active/} (shared with concurrent commits). Returns only then.
     * On failure the incoming file is removed and nothing was acknowledged.
     */
    public QueueEntry commit() throws IOException {
        ensureOpen();
        ended = true;
        var entry = new QueueEntry(pending.id(), pending.arrival(), pending.sender(), pending.recipients(),
                pending.parameters(), pending.client(), body.count);
        try {
            body.sink().flush();
            channel.write(ByteBuffer.wrap(EntryHeader.lengthDigits(body.count)), lengthOffset);
            queue.durability().sync(channel);
            channel.close();
            Files.move(incoming, queue.activeFile(entry.id()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
        try {
            queue.syncActive();
        } catch (IOException e) {
            // Not acknowledged, so the client will send it again: drop this copy rather than deliver twice.
            Files.deleteIfExists(queue.activeFile(entry.id()));
            throw e;
        }
        queue.committed(entry);
        return entry;
    }

    /** Discards the incoming file. */
    public void abort() {
        if (!ended) {
            ended = true;
            discard();
        }
    }

    private void discard() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted next; nothing was acknowledged
        }
        try {
            Files.deleteIfExists(incoming);
        } catch (IOException ignored) {
            // recover() deletes incoming/ leftovers at the next start
        }
    }

    private void ensureOpen() {
        if (ended) {
            throw new IllegalStateException("queue writer already ended: " + pending.id());
        }
    }

    /** Counts content bytes; close() is a no-op because the session never owns the file. */
    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        /** The underlying stream, for the header (not counted) and the final flush. */
        OutputStream sink() {
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() {
        }
    }
}
