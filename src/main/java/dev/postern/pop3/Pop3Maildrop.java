package dev.postern.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

/**
 * A locked maildrop as POP3 uses it. Indexes are 0-based positions in {@link #listing()}, which
 * never changes during the session (RFC 1939 §5: message numbers are stable).
 */
public interface Pop3Maildrop {

    /** One message: its size in octets as RETR sends it before dot-stuffing, and its UIDL. */
    record Listing(long size, String uidl) {}

    List<Listing> listing();

    /** The stored message; {@link java.nio.file.NoSuchFileException} if it has vanished. */
    InputStream content(int index) throws IOException;

    /** Records that these messages were retrieved (\Seen). */
    void markSeen(Collection<Integer> indexes) throws IOException;

    /** Removes these messages (the UPDATE state, RFC 1939 §6). */
    void expunge(Collection<Integer> indexes) throws IOException;

    /** Releases the lock. */
    void close();
}
