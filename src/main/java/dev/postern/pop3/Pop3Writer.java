package dev.postern.pop3;

import dev.postern.net.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way out: every status line and multi-line response passes here. Multi-line bodies are
 * dot-stuffed and end with {@code .} (RFC 1939 §3); output is flushed once per pipelined batch,
 * when the client has nothing more waiting (RFC 2449 §6.6).
 */
final class Pop3Writer {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Writer.class);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};

    /** TOP's line count meaning "the whole message". */
    static final long WHOLE = -1;

    private final Connection connection;

    Pop3Writer(Connection connection) {
        this.connection = connection;
    }

    void reply(Pop3Reply reply) throws IOException {
        LOG.debug("{} S: {}", connection.peer(), reply.wire());
        connection.write((reply.wire() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A status line, then these lines dot-stuffed, then the terminating dot. */
    void lines(Pop3Reply first, Iterable<String> lines) throws IOException {
        reply(first);
        var out = new StringBuilder();
        for (String line : lines) {
            out.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
            if (out.length() > 16384) {
                connection.write(out.toString().getBytes(StandardCharsets.UTF_8));
                out.setLength(0);
            }
        }
        out.append(".\r\n");
        connection.write(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A status line, then a stored message streamed from {@code content}: the header, and of the
     * body at most {@code bodyLines} lines ({@link #WHOLE} for all). Line ends go out as CRLF.
     */
    void message(Pop3Reply first, InputStream content, long bodyLines) throws IOException {
        reply(first);
        var stuffer = new DotStuffer(connection, bodyLines);
        byte[] chunk = new byte[65536];
        for (int n = content.read(chunk); n >= 0 && !stuffer.done(); n = content.read(chunk)) {
            stuffer.write(chunk, n);
        }
        stuffer.finish();
        connection.write(END);
    }

    /** Flushes unless the client already sent more commands (they will be answered in the same write). */
    void endOfBatch() throws IOException {
        if (!connection.hasBufferedInput()) {
            connection.flush();
        }
    }

    void flush() throws IOException {
        connection.flush();
    }

    /** Dot-stuffing and line counting over a byte stream, without holding the message. */
    private static final class DotStuffer {
        private final Connection connection;
        private final long bodyLines;
        private final byte[] out = new byte[65536 * 2 + 4];
        private boolean atLineStart = true;
        private boolean previousCr;
        private boolean inHeader = true;
        private int lineLength;
        private long bodyLinesSent;

        DotStuffer(Connection connection, long bodyLines) {
            this.connection = connection;
            this.bodyLines = bodyLines;
        }

        boolean done() {
            return atLineStart && !inHeader && bodyLines != WHOLE && bodyLinesSent >= bodyLines;
        }

        void write(byte[] chunk, int length) throws IOException {
            int o = 0;
            for (int i = 0; i < length && !done(); i++) {
                byte b = chunk[i];
                if (atLineStart && b == '.') {
                    out[o++] = '.'; // RFC 1939 §3: byte-stuff a leading termination octet
                }
                if (b == '\n') {
                    if (!previousCr) {
                        out[o++] = '\r';
                    }
                    out[o++] = '\n';
                    endLine();
                } else {
                    out[o++] = b;
                    atLineStart = false;
                    lineLength += b == '\r' ? 0 : 1;
                }
                previousCr = b == '\r';
            }
            connection.write(java.util.Arrays.copyOf(out, o));
        }

        private void endLine() {
            if (inHeader && lineLength == 0) {
                inHeader = false; // the blank line ends the header and is sent with it
            } else if (!inHeader) {
                bodyLinesSent++;
            }
            atLineStart = true;
            lineLength = 0;
        }

        void finish() throws IOException {
            if (!atLineStart) {
                connection.write(previousCr ? new byte[] {'\n'} : CRLF);
            }
        }
    }
}
