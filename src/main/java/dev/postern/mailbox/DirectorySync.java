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
    private final Runnable gather;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private long issued;
    private long covered;
    private boolean running;

    DirectorySync(Path directory) {
        this(directory, DirectorySync::fsync);
    }

    DirectorySync(Path directory, Fsync fsync) {
        this(directory, fsync, Thread::yield);
    }

    /** @param gather what a leader does before it fsyncs, lock released, so that others can join */
    DirectorySync(Path directory, Fsync fsync, Runnable gather) {
        this.directory = directory;
        this.fsync = fsync;
        this.gather = gather;
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

    /**
     * Called holding the lock; fsyncs without it. Before it fsyncs, the leader lets the other
     * runnable threads run once ({@link Thread#yield}): deliveries whose file fsyncs ended together
     * (the kernel merges concurrent flushes, so they wake together) link and take their tickets
     * now, and this fsync covers them too instead of the next one. At 10 sessions this took the
     * {@code new/} fsyncs from 0.89 to 0.48 per message (docs/PERFORMANCE.md).
     */
    private void lead() throws IOException {
        running = true;
        try {
            lock.unlock();
            try {
                gather.run();
            } finally {
                lock.lock();
            }
            long upTo = issued;
            lock.unlock();
            try {
                fsync.force(directory);
            } finally {
                lock.lock();
            }
            covered = Math.max(covered, upTo);
        } finally { // a failure reaches this leader; the callers it would have covered lead again
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
