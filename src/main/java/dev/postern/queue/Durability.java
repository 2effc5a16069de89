package dev.postern.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the queue makes writes durable. The real one is fsync; tests substitute a recorder to prove
 * that nothing is acknowledged before the fsync happened.
 */
public interface Durability {

    void sync(FileChannel file) throws IOException;

    void syncDirectory(Path directory) throws IOException;

    /** fsync(2) of the file, and of the directory through a read-only channel (Linux allows it). */
    Durability FSYNC = new Durability() {
        @Override
        public void sync(FileChannel file) throws IOException {
            file.force(true);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            try (var channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    };
}
