package dev.postern.mailbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of one directory without a thread of its own: deliveries that linked a file into
 * {@code new/} at about the same moment share one fsync of it. The first caller to find no fsync
 * running leads one; it covers every ticket handed out before it began (each caller links its
 * file before taking a ticket), and callers who came later wait and then lead the next one. A
 * caller returns only after an fsync that began after its link has finished; a failed fsync is
 * thrown to its leader, and the others it would have covered try again themselves.
 */
final class DirectorySync {

    /** How a directory reaches the disk; a seam for tests. */
    interface Fsync {
        void force(Path directory) throws IOException;
    }

    private final Path directory;
    private final Fsync fsync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private long issued;
    private long covered;
    private boolean running;

    DirectorySync(Path directory) {
        this(directory, DirectorySync::fsync);
    }

    DirectorySync(Path directory, Fsync fsync) {
        this.directory = directory;
        this.fsync = fsync;
    }

    void sync() throws IOException {
        lock.lock();
        try {
            long ticket = ++issued;
            while (covered < ticket) {
                if (running) {
                    finished.awaitUninterruptibly();
                } else {
                    lead();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called holding the lock; fsyncs without it. */
    private void lead() throws IOException {
        running = true;
        long upTo = issued;
        lock.unlock();
        try {
            fsync.force(directory);
            lock.lock();
            covered = Math.max(covered, upTo);
        } catch (IOException | RuntimeException e) {
            lock.lock();
            throw e;
        } finally {
            running = false;
            finished.signalAll();
        }
    }

    /** Tickets handed out so far (for tests that line callers up behind a running fsync). */
    long issued() {
        lock.lock();
        try {
            return issued;
        } finally {
            lock.unlock();
        }
    }

    static void fsync(Path directory) throws IOException {
        try (var channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
