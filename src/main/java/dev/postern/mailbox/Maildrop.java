package dev.postern.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * One locked mailbox as its reader sees it: the messages present when it was opened, in UID
 * order. Indexes are 0-based positions in {@link #messages()}. Content is streamed from disk.
 * Changes (\Seen, expunge) are applied only when the caller asks, and closing releases the lock.
 */
public final class Maildrop implements AutoCloseable {

    /** A message as listed: its Dovecot UID and its size with CRLF line endings. */
    public record Message(long uid, long size) {}

    record Stored(long uid, long size, MaildirName name) {}

    private final Path cur;
    private final long uidValidity;
    private final List<Message> messages;
    private final MaildirName[] names;
    private final Runnable release;
    private boolean closed;

    Maildrop(Path maildir, long uidValidity, List<Stored> stored, Runnable release) {
        this.cur = maildir.resolve("cur");
        this.uidValidity = uidValidity;
        this.messages = stored.stream().map(s -> new Message(s.uid(), s.size())).toList();
        this.names = stored.stream().map(Stored::name).toArray(MaildirName[]::new);
        this.release = release;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public List<Message> messages() {
        return messages;
    }

    /**
     * The content of one message, as stored. Another client may have changed its flags (renamed
     * it) since the snapshot: we find it by its base name. Throws {@link NoSuchFileException}
     * when it is gone, never hands out another message.
     */
    public InputStream open(int index) throws IOException {
        try {
            return Files.newInputStream(cur.resolve(names[index].fileName()));
        } catch (NoSuchFileException moved) {
            names[index] = relocate(names[index]);
            return Files.newInputStream(cur.resolve(names[index].fileName()));
        }
    }

    /** Adds the \Seen flag ({@code S}) to these messages, as Dovecot does for RETRed mail. */
    public void markSeen(Collection<Integer> indexes) throws IOException {
        for (int index : indexes) {
            MaildirName name = names[index];
            if (name.hasFlag('S')) {
                continue;
            }
            try {
                names[index] = rename(name, name.withFlag('S'));
            } catch (NoSuchFileException moved) {
                MaildirName now = relocateOrNull(name);
                if (now != null && !now.hasFlag('S')) {
                    names[index] = rename(now, now.withFlag('S'));
                }
            }
        }
    }

    /** Removes these messages' files; a file already gone counts as removed. */
    public void expunge(Collection<Integer> indexes) throws IOException {
        for (int index : indexes) {
            if (!Files.deleteIfExists(cur.resolve(names[index].fileName()))) {
                MaildirName now = relocateOrNull(names[index]);
                if (now != null) {
                    Files.deleteIfExists(cur.resolve(now.fileName()));
                }
            }
        }
    }

    private MaildirName rename(MaildirName from, String to) throws IOException {
        Files.move(cur.resolve(from.fileName()), cur.resolve(to));
        return MaildirName.parse(to);
    }

    private MaildirName relocate(MaildirName name) throws IOException {
        MaildirName now = relocateOrNull(name);
        if (now == null) {
            throw new NoSuchFileException(cur.resolve(name.fileName()).toString());
        }
        return now;
    }

    private MaildirName relocateOrNull(MaildirName name) throws IOException {
        for (MaildirName candidate : MaildirScan.list(cur)) {
            if (candidate.base().equals(name.base())) {
                return candidate;
            }
        }
        return null;
    }

    /** Releases the mailbox for the next session. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
