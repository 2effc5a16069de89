package dev.postern.queue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit of the {@code active/} directory: callers rename their file into the directory, then
 * wait here; one thread fsyncs the directory once for everyone who was waiting when it started.
 * A caller's rename happened before it enqueued, so the fsync that completes it covers the rename.
 */
final class GroupCommitter implements AutoCloseable {

    private final Durability durability;
    private final Path directory;
    private final LinkedBlockingQueue<CompletableFuture<Void>> waiting = new LinkedBlockingQueue<>();
    private final Runnable gather;
    private final Thread thread;
    private volatile boolean closed;

    GroupCommitter(Durability durability, Path directory) {
        this(durability, directory, Thread::yield);
    }

    /**
     * @param gather what the committer does between the first waiter and the fsync: by default it
     *               lets the other runnable threads run once, so that commits that woke together
     *               (their file fsyncs ended together) join this fsync (as mailbox.DirectorySync)
     */
    GroupCommitter(Durability durability, Path directory, Runnable gather) {
        this.durability = durability;
        this.directory = directory;
        this.gather = gather;
        this.thread = Thread.ofVirtual().name("queue-committer").start(this::run);
    }

    /** Callers waiting for the next fsync (for tests). */
    int waiting() {
        return waiting.size();
    }

    /** Returns once an fsync of the directory that began after this call has finished. */
    void syncDirectory() throws IOException {
        if (closed) {
            throw new IOException("queue closed");
        }
        var done = new CompletableFuture<Void>();
        waiting.add(done);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the queue directory fsync");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("queue directory fsync failed", e.getCause());
        }
    }

    private void run() {
        var batch = new ArrayList<CompletableFuture<Void>>();
        while (true) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                failAll(new IOException("queue closed"));
                return;
            }
            try {
                gather.run();
                waiting.drainTo(batch);
                durability.syncDirectory(directory);
                batch.forEach(done -> done.complete(null));
            } catch (IOException | RuntimeException e) {
                batch.forEach(done -> done.completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void failAll(IOException cause) {
        var rest = new ArrayList<CompletableFuture<Void>>();
        waiting.drainTo(rest);
        rest.forEach(done -> done.completeExceptionally(cause));
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
