package dev.postern.mailbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens mailboxes for reading, one session per mailbox at a time. The lock is in-process: Postern
 * is the only POP3 server on a node; across processes the uidlist dot-lock keeps the list sound.
 * Layout: {@code <data_dir>/mail/<domain>/<localpart>/Maildir}.
 */
public final class Maildrops {

    private final Path dataDir;
    private final Clock clock;
    private final Set<Path> open = ConcurrentHashMap.newKeySet();

    public Maildrops(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** The Maildir of {@code local@domain}; the domain is compared case-insensitively. */
    public Path maildirOf(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.contains("/") || domain.contains("/") || local.startsWith(".") || domain.startsWith(".")) {
            throw new IllegalArgumentException("unsafe address for a path: " + address);
        }
        return dataDir.resolve("mail").resolve(domain).resolve(local).resolve("Maildir");
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
        try {
            return MaildirScan.snapshot(maildir, clock, () -> open.remove(maildir));
        } catch (IOException | RuntimeException e) {
            open.remove(maildir);
            throw e;
        }
    }
}
