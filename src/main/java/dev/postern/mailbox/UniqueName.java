package dev.postern.mailbox;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maildir unique names in Dovecot's form {@code <secs>.M<usecs>P<pid>Q<n>.<host>}: time, process,
 * and a per-process delivery counter make the name unique on this host; the host makes it unique
 * across hosts sharing the storage.
 */
final class UniqueName {

    private final Clock clock;
    private final String host;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong deliveries = new AtomicLong();

    UniqueName(Clock clock, String hostname) {
        this.clock = clock;
        this.host = sanitize(hostname);
    }

    String next() {
        Instant now = clock.instant();
        return now.getEpochSecond() + ".M" + (now.getNano() / 1000) + "P" + pid + "Q"
                + deliveries.incrementAndGet() + "." + host;
    }

    /** Dovecot's escapes: '/' and ':' cannot appear in a Maildir base name. */
    static String sanitize(String hostname) {
        String host = hostname == null || hostname.isBlank() ? "localhost" : hostname.strip();
        return host.replace("/", "\\057").replace(":", "\\072").replace(",", "\\054");
    }
}
