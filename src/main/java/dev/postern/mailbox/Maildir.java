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
     * The trace fields a final delivery puts first (RFC 5321 §4.4 Return-Path; Delivered-To as
     * Postfix and Dovecot write it), for whoever delivers: the queue runner or intake.
     */
    public static byte[] traceFields(String returnPath, String deliveredTo) {
        return ("Return-Path: " + returnPath + "\r\nDelivered-To: " + deliveredTo + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Delivers one message and returns its file name in {@code new/}. Returns only once the file
     * and the {@code new/} directory entry are on disk. On failure nothing is left in {@code new/}.
     */
    public String deliver(MessageContent content) throws IOException {
        var drop = open();
        try {
            content.writeTo(drop.body());
            drop.prepare();
            return drop.publish();
        } catch (IOException | RuntimeException e) {
            drop.abort();
            throw e;
        }
    }

    /**
     * Starts a delivery that the caller streams: a file in {@code tmp/} until {@link Drop#prepare}
     * (flush, fsync) and {@link Drop#publish} (link into {@code new/}, fsync {@code new/}). Intake
     * uses it to write a message into several mailboxes at once and answer 250 after the last one.
     */
    public Drop open() throws IOException {
        createLayout();
        String base = names.next();
        Path tmp = path.resolve("tmp").resolve(base);
        var channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileMode("rw-------"));
        return new Drop(base, tmp, channel);
    }

    /** One message on its way into this Maildir. Not thread-safe; exactly one of publish and abort ends it. */
    public final class Drop {
        private final String base;
        private final Path tmp;
        private final FileChannel channel;
        private final Counting out;
        private boolean prepared;
        private boolean ended;
        private Path linked;

        private Drop(String base, Path tmp, FileChannel channel) {
            this.base = base;
            this.tmp = tmp;
            this.channel = channel;
            // 8 KiB: a typical message is one write; a larger buffer, zeroed per message, cost more than it saved
            this.out = new Counting(new BufferedOutputStream(Channels.newOutputStream(channel), 8 * 1024));
        }

        /** The file's content stream (CRLF line endings). Closing it does nothing. */
        public OutputStream body() {
            return out;
        }

        /** Flushes and fsyncs the file in {@code tmp/}; nothing is visible to readers yet. */
        public void prepare() throws IOException {
            out.flush();
            channel.force(true);
            channel.close();
            prepared = true;
        }

        /** Links the prepared file into {@code new/}, fsyncs {@code new/} and returns the file name. */
        public String publish() throws IOException {
            String name = link();
            sync();
            return name;
        }

        /**
         * Links the prepared file into {@code new/} and returns its name there; readers see it from
         * now on, but it is durable only after {@link #sync}. {@link #unlink} takes it back.
         */
        public String link() throws IOException {
            if (!prepared || ended) {
                throw new IllegalStateException("link before prepare, or after the end: " + tmp);
            }
            ended = true;
            // The file is CRLF already, so its size is also the RFC 5322 size (W=).
            String name = base + ",S=" + out.count + ",W=" + out.count;
            linked = path.resolve("new").resolve(name);
            linkIntoNew(tmp, linked);
            return name;
        }

        /** fsyncs {@code new/} (shared with concurrent deliveries into this mailbox). */
        public void sync() throws IOException {
            newFolder.sync();
        }

        /** Removes the linked file from {@code new/} again: a delivery that was not acknowledged. */
        public void unlink() {
            try {
                if (linked != null) {
                    Files.deleteIfExists(linked);
                }
            } catch (IOException ignored) {
                // left in new/: delivered, and the client's retry may duplicate it (RFC 5321 §6.1)
            }
        }

        /** Removes the file from {@code tmp/}; does nothing once published. */
        public void abort() {
            if (ended) {
                return;
            }
            ended = true;
            try {
                channel.close();
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a tmp/ leftover: Maildir readers ignore tmp/, and it holds nothing acknowledged
            }
        }
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

    /** Counts what is written; close() is a no-op because the drop owns the file. */
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

        @Override
        public void close() {
        }
    }
}
