package dev.postern.mailbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Dovecot's dot-lock on {@code dovecot-uidlist}: whoever creates {@code dovecot-uidlist.lock}
 * exclusively may rewrite the list. Dovecot treats a lock older than two minutes as stale
 * (MAILDIR_UIDLIST_LOCK_STALE_TIMEOUT) and so do we; we wait at most {@link #WAIT} for it.
 */
final class UidListLock implements AutoCloseable {

    static final String FILE = "dovecot-uidlist.lock";
    static final Duration STALE = Duration.ofMinutes(2);
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Path path;

    private UidListLock(Path path) {
        this.path = path;
    }

    static UidListLock acquire(Path maildir, Clock clock) throws IOException {
        Path path = maildir.resolve(FILE);
        Instant giveUp = clock.instant().plus(WAIT);
        byte[] owner = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        while (true) {
            try {
                Files.write(path, owner, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new UidListLock(path);
            } catch (FileAlreadyExistsException held) {
                breakIfStale(path, clock);
                if (clock.instant().isAfter(giveUp)) {
                    throw new IOException("timed out waiting for " + path);
                }
                pause();
            }
        }
    }

    private static void breakIfStale(Path path, Clock clock) throws IOException {
        try {
            Instant modified = Files.getLastModifiedTime(path).toInstant();
            if (modified.plus(STALE).isBefore(clock.instant())) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException released) {
            // released between our attempt and the look: try again at once
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the uidlist lock", e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }
}
