package dev.postern.mailbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens mailboxes for reading, one session per mailbox at a time. The lock is in-process (Postern
 * is the only POP3 server on a node), then a {@link MaildropLock} that other nodes see (PostgreSQL
 * advisory locks when several nodes share one Maildir root); across processes the uidlist
 * dot-lock keeps the list sound.
 * Layout: {@code <data_dir>/mail/<domain>/<localpart>/Maildir}.
 */
public final class Maildrops {

    private final Path dataDir;
    private final Clock clock;
    private final MaildropLock shared;
    private final Set<Path> open = ConcurrentHashMap.newKeySet();

    public Maildrops(Path dataDir, Clock clock) {
        this(dataDir, clock, MaildropLock.LOCAL);
    }

    public Maildrops(Path dataDir, Clock clock, MaildropLock shared) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.shared = shared;
    }

    /** The Maildir of {@code local@domain}, where {@link MaildirStore#maildir} delivers it (case-insensitive). */
    public Path maildirOf(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        return MaildirStore.maildirPath(dataDir.resolve("mail").toAbsolutePath().normalize(),
                address.substring(0, at), address.substring(at + 1));
    }

    /**
     * Locks the mailbox of {@code address} for this session and takes its snapshot: messages in
     * {@code new/} move to {@code cur/} (as Dovecot does on open), new messages get UIDs, and
     * {@code dovecot-uidlist} is rewritten if anything changed.
     */
    public Maildrop open(String address) throws MaildropInUseException, IOException {
        Path maildir = maildirOf(address).toAbsolutePath().normalize();
        if (!open.add(maildir)) {
            throw new MaildropInUseException(address);
        }
        MaildropLock.Held held;
        try {
            held = shared.tryAcquire(address.toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new MaildropInUseException(address));
        } catch (MaildropInUseException | IOException | RuntimeException e) {
            open.remove(maildir);
            throw e;
        }
        try {
            return MaildirScan.snapshot(maildir, clock, () -> {
                held.release();
                open.remove(maildir);
            });
        } catch (IOException | RuntimeException e) {
            held.release();
            open.remove(maildir);
            throw e;
        }
    }
}
