package dev.postern.mailbox;

import dev.postern.smtp.MailAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * All Maildirs under one root ({@code <data_dir>/mail}), one per address:
 * {@code <root>/<domain>/<localpart>/Maildir}.
 */
public final class MaildirStore {

    private final Path root;
    private final UniqueName names;

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
        String domain = safeName(address.domain().toLowerCase(Locale.ROOT));
        String local = safeName(address.localPart().toLowerCase(Locale.ROOT));
        Path path = root.resolve(domain).resolve(local).resolve("Maildir").normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("mailbox path escapes the mail root: " + address);
        }
        return new Maildir(path, names);
    }

    /** Refuses names that would walk out of the root or hide a file: '/', '\', NUL, leading dot. */
    private static String safeName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("unsafe mailbox name: " + name);
        }
        return name;
    }
}
