package dev.postern.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the fsyncs the queue asks for, so benchmarks and tests can see group commit at work. */
final class CountingDurability implements Durability {

    private final Durability delegate;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong directories = new AtomicLong();

    CountingDurability(Durability delegate) {
        this.delegate = delegate;
    }

    @Override
    public void sync(FileChannel file) throws IOException {
        files.incrementAndGet();
        delegate.sync(file);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        directories.incrementAndGet();
        delegate.syncDirectory(directory);
    }

    long files() {
        return files.get();
    }

    long directories() {
        return directories.get();
    }
}
