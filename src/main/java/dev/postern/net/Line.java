package dev.postern.net;

import java.nio.charset.StandardCharsets;

/** The outcome of reading one line: its bytes, a line past the limit, or the end of the stream. */
public sealed interface Line {

    /** A line without its terminator; {@code crlf} is false when it ended in a bare LF. */
    record Text(byte[] bytes, boolean crlf) implements Line {
        public String ascii() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The line exceeded the limit; it was read to its end and discarded. */
    record TooLong(int limit) implements Line {}

    /** The client closed the connection (or it broke) before a full line arrived. */
    record End() implements Line {}
}
