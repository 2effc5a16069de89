package dev.postern.mailbox;

import dev.postern.smtp.MailAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * All Maildirs under one root ({@code <data_dir>/mail}), one per address:
 * {@code <root>/<domain>/<localpart>/Maildir}.
 */
public final class MaildirStore {

    private final Path root;
    private final UniqueName names;
    /** One per {@code new/} delivered to: concurrent deliveries into a mailbox share its fsync. */
    private final Map<Path, DirectorySync> newFolders = new ConcurrentHashMap<>();
    private final LongAdder newFolderSyncs = new LongAdder();

    public MaildirStore(Path root, String hostname) {
        this(root, hostname, Clock.systemUTC());
    }

    MaildirStore(Path root, String hostname, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.names = new UniqueName(clock, hostname);
    }

    /**
     * The Maildir of an address (it need not exist yet: the first delivery creates it).
     *
     * @throws IllegalArgumentException when the domain or local part is not a safe directory name
     */
    public Maildir maildir(MailAddress address) {
        Path path = maildirPath(root, address.localPart(), address.domain());
        return new Maildir(path, names, newFolders.computeIfAbsent(path, p -> new DirectorySync(p.resolve("new"),
                directory -> {
                    DirectorySync.fsync(directory);
                    newFolderSyncs.increment();
                })));
    }

    /** fsyncs of {@code new/} directories so far: one per batch of deliveries into a mailbox (metrics). */
    public long directorySyncs() {
        return newFolderSyncs.sum();
    }

    /**
     * {@code <root>/<domain>/<localpart>/Maildir}, both lower-cased: the one place the layout is
     * computed, for delivery here and for reading in {@link Maildrops#maildirOf}.
     *
     * @throws IllegalArgumentException when the domain or local part is not a safe directory name
     */
    static Path maildirPath(Path root, String localPart, String domain) {
        String safeDomain = safeName(domain.toLowerCase(Locale.ROOT));
        String safeLocal = safeName(localPart.toLowerCase(Locale.ROOT));
        Path path = root.resolve(safeDomain).resolve(safeLocal).resolve("Maildir").normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("mailbox path escapes the mail root: " + localPart + "@" + domain);
        }
        return path;
    }

    /**
     * Refuses names that would walk out of the root or hide a file ('/', '\', NUL, leading dot),
     * and control characters, which no address that passed the SMTP parser holds and which would
     * make a directory name that breaks the admin's shell and logs.
     */
    private static String safeName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("unsafe mailbox name: " + name);
        }
        return name;
    }
}
