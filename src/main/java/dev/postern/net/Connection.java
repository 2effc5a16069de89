package dev.postern.net;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * One client connection as a protocol session sees it: buffered line and byte input with limits,
 * output flushed once per reply batch, and an in-place TLS upgrade. A socket backs it in the
 * server; a script backs it in transcript tests. Every read honours the current read timeout
 * and throws {@link java.net.SocketTimeoutException} when it expires.
 */
public interface Connection extends AutoCloseable {

    Peer peer();

    /**
     * Reads one line of at most {@code maxOctets} octets, terminator excluded. A longer line is
     * consumed up to its end and reported as {@link Line.TooLong}, never buffered whole.
     */
    Line readLine(int maxOctets) throws IOException;

    /** Reads raw bytes (DATA, BDAT); -1 at end of stream. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** True when the client has sent bytes that have not been read yet (RFC 3207 §4.2 guard). */
    boolean hasPendingInput() throws IOException;

    /**
     * True when bytes the client sent are already in this side's buffer, so the next read will not
     * wait: replies to pipelined commands (RFC 2920, RFC 2449) go out together unless it is false.
     * Unlike {@link #hasPendingInput} it never asks the kernel, which would cost a system call per reply.
     */
    default boolean hasBufferedInput() throws IOException {
        return hasPendingInput();
    }

    /**
     * Copies up to {@code length} octets that have already arrived, without consuming them; 0
     * when none are buffered (or this connection cannot tell). The DATA reader scans them whole.
     */
    default int peek(byte[] buffer, int offset, int length) throws IOException {
        return 0;
    }

    void write(byte[] bytes) throws IOException;

    void flush() throws IOException;

    /** Server-side TLS handshake over this connection; input must have no pending bytes. */
    void startTls() throws IOException;

    /** The TLS session once encrypted (implicit TLS or after STARTTLS). */
    Optional<TlsInfo> tls();

    void readTimeout(Duration timeout) throws IOException;

    @Override
    void close();
}
