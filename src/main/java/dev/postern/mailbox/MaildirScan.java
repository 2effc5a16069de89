package dev.postern.mailbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Takes a mailbox's snapshot under the uidlist dot-lock; see {@link Maildrops#open}. */
final class MaildirScan {

    private MaildirScan() {}

    static Maildrop snapshot(Path maildir, Clock clock, Runnable release) throws IOException {
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        try (var lock = UidListLock.acquire(maildir, clock)) {
            moveNewToCur(maildir);
            List<MaildirName> names = list(maildir.resolve("cur"));
            DovecotUidList uidList = DovecotUidList.read(maildir, clock);
            uidList.sync(names);
            var messages = new ArrayList<Maildrop.Stored>(names.size());
            for (MaildirName name : names) {
                messages.add(new Maildrop.Stored(uidList.uidOf(name.base()), sizeOf(maildir, name, uidList), name));
            }
            if (uidList.changed()) {
                uidList.write(maildir);
            }
            messages.sort(Comparator.comparingLong(Maildrop.Stored::uid));
            return new Maildrop(maildir, uidList.uidValidity(), messages, release);
        }
    }

    /**
     * Dovecot moves every file of {@code new/} to {@code cur/} when it opens a mailbox read-write,
     * appending the empty info {@code :2,} ("not seen"); \Seen is added only when retrieved.
     */
    private static void moveNewToCur(Path maildir) throws IOException {
        Path cur = maildir.resolve("cur");
        for (Path file : entries(maildir.resolve("new"))) {
            String name = file.getFileName().toString();
            String target = name.indexOf(':') < 0 ? name + ":2," : name;
            try {
                Files.move(file, cur.resolve(target));
            } catch (NoSuchFileException | FileAlreadyExistsException raced) {
                // another process moved or expunged it first; the scan of cur/ sees the outcome
            }
        }
    }

    static List<MaildirName> list(Path dir) throws IOException {
        var names = new ArrayList<MaildirName>();
        for (Path file : entries(dir)) {
            names.add(MaildirName.parse(file.getFileName().toString()));
        }
        return names;
    }

    private static List<Path> entries(Path dir) throws IOException {
        var files = new ArrayList<Path>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                // Maildir readers skip dot files (temporary and control files)
                if (!name.startsWith(".") && name.indexOf('\n') < 0 && name.indexOf('\r') < 0) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /**
     * POP3 sizes count CRLF line ends. {@code W=} in the name is exactly that (Postern writes it);
     * else the {@code W} field Dovecot caches in its uidlist; else we read the file once, count
     * bare LFs as two octets, and cache the result in the uidlist as Dovecot does. {@code S=} alone
     * is not enough: it is the size on disk, and files written by others often end lines in LF.
     */
    private static long sizeOf(Path maildir, MaildirName name, DovecotUidList uidList) throws IOException {
        if (name.wireSize().isPresent()) {
            return name.wireSize().getAsLong();
        }
        var cached = uidList.wireSize(name.base());
        if (cached.isPresent()) {
            return cached.getAsLong();
        }
        try (var in = new java.io.BufferedInputStream(
                Files.newInputStream(maildir.resolve("cur").resolve(name.fileName())), 65536)) {
            long size = 0;
            int previous = -1;
            for (int b = in.read(); b >= 0; previous = b, b = in.read()) {
                size += b == '\n' && previous != '\r' ? 2 : 1;
            }
            uidList.recordWireSize(name.base(), size);
            return size;
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }
}
