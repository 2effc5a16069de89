package dev.postern.mailbox;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one message (CRLF line endings) into the stream it is given; the stream is not closed by it. */
@FunctionalInterface
public interface MessageContent {
    void writeTo(OutputStream out) throws IOException;
}
