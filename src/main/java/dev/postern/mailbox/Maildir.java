package dev.postern.mailbox;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The delivery side of one mailbox directory ({@code …/Maildir}) with its {@code tmp}, {@code new}
 * and {@code cur} folders; POP3 reads it through {@link Maildrops}.
 */
public final class Maildir {

    private final Path path;
    private final UniqueName names;
    private final DirectorySync newFolder;

    Maildir(Path path, UniqueName names, DirectorySync newFolder) {
        this.path = path;
        this.names = names;
        this.newFolder = newFolder;
    }

    public Path path() {
        return path;
    }

    /**
     * Delivers one message and returns its file name in {@code new/}. Returns only once the file
     * and the {@code new/} directory entry are on disk. On failure nothing is left in {@code new/}.
     */
    public String deliver(MessageContent content) throws IOException {
        createLayout();
        String base = names.next();
        Path tmp = path.resolve("tmp").resolve(base);
        long size;
        try (var channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileMode("rw-------"))) {
            var out = new Counting(new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
            content.writeTo(out);
            out.flush();
            channel.force(true);
            size = out.count;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        // The file is CRLF already, so its size is also the RFC 5322 size (W=).
        String name = base + ",S=" + size + ",W=" + size;
        Path target = path.resolve("new").resolve(name);
        linkIntoNew(tmp, target);
        newFolder.sync();
        return name;
    }

    /**
     * Postfix virtual/maildir.c: link, not rename, so an existing file of the same name is never
     * replaced; rename only where the file system cannot link.
     */
    private static void linkIntoNew(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
            Files.delete(tmp);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveFailed) {
                Files.deleteIfExists(tmp);
                throw moveFailed;
            }
        }
    }

    private void createLayout() throws IOException {
        if (Files.isDirectory(path.resolve("new"))) {
            return;
        }
        // Dovecot creates Maildirs 0700; so do we.
        for (String folder : List.of("tmp", "new", "cur")) {
            Files.createDirectories(path.resolve(folder), fileMode("rwx------"));
        }
        DirectorySync.fsync(path);
        DirectorySync.fsync(path.getParent());
    }

    private static FileAttribute<?>[] fileMode(String mode) {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
    }

    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
