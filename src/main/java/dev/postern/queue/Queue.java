package dev.postern.queue;

import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable message queue under {@code <data_dir>/queue/}. One way in ({@link #receive}), one
 * way out (the {@link QueueRunner}). Thread-safe.
 */
public final class Queue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Queue.class);
    private static final String DELAYED = ".delayed";
    private static final String HELD = ".held";

    private final Path incoming;
    private final Path active;
    private final Path corrupt;
    private final Path flush;
    private final Clock clock;
    private final CountingDurability durability;
    private final GroupCommitter committer;
    private final java.nio.file.FileStore store;
    private final long minFreeSpace;
    private volatile Consumer<QueueEntry> listener = entry -> { };
    private long lastMillis;
    private int counter;

    public Queue(Path directory, Clock clock) throws IOException {
        this(directory, clock, Durability.FSYNC);
    }

    public Queue(Path directory, Clock clock, Durability durability) throws IOException {
        this(directory, clock, durability, 0);
    }

    /** As above, keeping {@code minFreeSpace} bytes free ({@code queue.min_free_space}, {@link #hasRoomFor}). */
    public Queue(Path directory, Clock clock, Durability durability, long minFreeSpace) throws IOException {
        this.incoming = Files.createDirectories(directory.resolve("incoming"));
        this.active = Files.createDirectories(directory.resolve("active"));
        this.corrupt = Files.createDirectories(directory.resolve("corrupt"));
        this.flush = Files.createDirectories(directory.resolve("flush"));
        this.clock = clock;
        this.durability = new CountingDurability(durability);
        this.committer = new GroupCommitter(this.durability, active);
        this.store = Files.getFileStore(incoming); // once: finding the mount reads the mount table
        this.minFreeSpace = minFreeSpace;
    }

    /**
     * Whether {@code size} more bytes still leave {@code queue.min_free_space} free: MAIL FROM asks
     * before the client sends anything (RFC 1870 §6.1: 452 when SIZE exceeds what is available).
     * When the space cannot be read, the write itself decides (and fails cleanly with 452).
     */
    public boolean hasRoomFor(long size) {
        try {
            return store.getUsableSpace() - size >= minFreeSpace;
        } catch (IOException e) {
            log.warn("free space of the queue file system unknown: {}", e.toString());
            return true;
        }
    }

    /** Starts a new entry in {@code incoming/}; the caller streams the message into the writer. */
    public QueueWriter receive(ReversePath sender, List<Recipient> recipients, MailParameters parameters,
                               String client) throws IOException {
        while (true) {
            var pending = new QueueEntry(newId(), clock.instant(), sender, recipients, parameters, client, 0);
            Path file = incoming.resolve(pending.id().value());
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue; // an ID from before a restart within the same millisecond: take the next one
            }
            byte[] header = EntryHeader.encode(pending.id(), pending.arrival(), sender, pending.recipients(),
                    parameters, client);
            try {
                return new QueueWriter(this, pending, file, channel, header);
            } catch (IOException e) {
                channel.close();
                Files.deleteIfExists(file);
                throw e;
            }
        }
    }

    /**
     * Start-up: deletes {@code incoming/} leftovers (never acknowledged), quarantines unreadable
     * entries in {@code corrupt/}, and returns the active entries in arrival order. Call it once,
     * before intake accepts mail.
     */
    public List<QueueEntry> recover() throws IOException {
        discardIncoming();
        var entries = new ArrayList<QueueEntry>();
        var statuses = new ArrayList<Path>();
        for (Path file : list(active)) {
            String name = file.getFileName().toString();
            if (name.endsWith(".tmp")) {
                Files.deleteIfExists(file);
            } else if (name.endsWith(".status") || name.endsWith(DELAYED) || name.endsWith(HELD)) {
                statuses.add(file);
            } else {
                load(file).ifPresent(entries::add);
            }
        }
        for (Path status : statuses) {
            String id = status.getFileName().toString().replace(".status", "").replace(DELAYED, "").replace(HELD, "");
            if (!Files.exists(active.resolve(id))) {
                Files.deleteIfExists(status); // its entry was removed before a crash
            }
        }
        Collections.sort(entries, (a, b) -> a.id().compareTo(b.id()));
        log.info("queue recovered: {} active entries", entries.size());
        return entries;
    }

    /** The message content as received, streamed from disk. */
    public InputStream openContent(QueueEntry entry) throws IOException {
        Path file = activeFile(entry.id());
        var in = new BufferedInputStream(Files.newInputStream(file), 16 * 1024);
        try {
            EntryHeader.parse(in, Files.size(file));
            return in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Per-recipient status, in the entry's recipient order; all pending when none was recorded. */
    public List<RecipientStatus> status(QueueEntry entry) throws IOException {
        Path file = statusFile(entry.id());
        var allPending = Collections.nCopies(entry.recipients().size(), RecipientStatus.PENDING);
        if (!Files.exists(file)) {
            return allPending;
        }
        try {
            return StatusFile.decode(Files.readAllBytes(file), entry.recipients().size());
        } catch (CorruptEntryException e) {
            // A duplicate is tolerable, a loss is not: retry everyone.
            log.warn("{}: unreadable status file ({}); all recipients treated as pending", entry.id(),
                    e.getMessage());
            return allPending;
        }
    }

    /** Replaces the entry's status atomically: write a temporary file, fsync, rename, fsync the directory. */
    public void record(QueueEntry entry, List<RecipientStatus> statuses) throws IOException {
        write(entry, statuses, true);
    }

    /**
     * Before an attempt: the statuses as they will stand if the attempt never finishes (its
     * recipients deferred to their next retry), so a crash during delivery (a message that kills
     * the process, say) does not make the next start try it again at once, and again. Written
     * without fsync: it guards against a crashed process, whose writes the kernel still holds; if
     * a power loss forgets it, the attempt is simply made again at the next start.
     */
    public void recordBeforeAttempt(QueueEntry entry, List<RecipientStatus> statuses) throws IOException {
        write(entry, statuses, false);
    }

    private void write(QueueEntry entry, List<RecipientStatus> statuses, boolean durable) throws IOException {
        if (statuses.size() != entry.recipients().size()) {
            throw new IllegalArgumentException("one status per recipient");
        }
        // A name of its own: the admin CLI (another process) may record beside the running server.
        // (Not Files.createTempFile: its mode 0600 would hide the status from a server running as
        // another user than the CLI.)
        Path tmp = active.resolve(entry.id() + ".status." + ProcessHandle.current().pid() + "."
                + java.util.concurrent.ThreadLocalRandom.current().nextLong(Long.MAX_VALUE) + ".tmp");
        try (var channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            var bytes = ByteBuffer.wrap(StatusFile.encode(statuses));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (durable) {
                durability.sync(channel);
            }
        }
        Files.move(tmp, statusFile(entry.id()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            committer.syncDirectory();
        }
    }

    /**
     * Removes a finished entry: the file first (an orphaned status file is harmless), then its
     * status. No directory fsync of its own: should a crash forget the removal before the next
     * commit's fsync carries it to disk, the entry comes back and is delivered again (a rare
     * duplicate, never a loss), and every delivery is spared a waited-for fsync.
     */
    public void remove(QueueEntry entry) throws IOException {
        Files.deleteIfExists(activeFile(entry.id()));
        Files.deleteIfExists(statusFile(entry.id()));
        Files.deleteIfExists(active.resolve(entry.id().value() + DELAYED));
        Files.deleteIfExists(active.resolve(entry.id().value() + HELD));
    }

    /** The committed entries as they are on disk now, in ID order; unreadable ones are skipped (read-only). */
    public List<QueueEntry> entries() throws IOException {
        var entries = new ArrayList<QueueEntry>();
        for (Path file : list(active)) {
            String name = file.getFileName().toString();
            if (QueueId.valid(name)) {
                read(file).ifPresent(entries::add);
            }
        }
        return entries;
    }

    /** One committed entry, if it is (still) in the queue. */
    public java.util.Optional<QueueEntry> entry(QueueId id) throws IOException {
        Path file = activeFile(id);
        return Files.exists(file) ? read(file) : java.util.Optional.empty();
    }

    /** False once the entry was removed (delivered, or deleted by an administrator). */
    public boolean exists(QueueEntry entry) {
        return Files.exists(activeFile(entry.id()));
    }

    /** Puts the entry on hold: the runner leaves it alone until {@link #release}. */
    public void hold(QueueEntry entry) throws IOException {
        Path marker = active.resolve(entry.id().value() + HELD);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
        committer.syncDirectory();
    }

    public void release(QueueEntry entry) throws IOException {
        Files.deleteIfExists(active.resolve(entry.id().value() + HELD));
        committer.syncDirectory();
    }

    public boolean held(QueueEntry entry) {
        return Files.exists(active.resolve(entry.id().value() + HELD));
    }

    /**
     * Asks a runner in another process (the server) to look at the entry now: an empty file in
     * {@code flush/}, which the runner polls ({@link #takeFlushRequests}). Used by the admin CLI.
     */
    public void requestFlush(QueueEntry entry) throws IOException {
        Path marker = flush.resolve(entry.id().value());
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
    }

    /** The entries asked for by {@link #requestFlush} since the last call; their requests are consumed. */
    List<QueueId> takeFlushRequests() throws IOException {
        var ids = new ArrayList<QueueId>();
        for (Path marker : list(flush)) {
            String name = marker.getFileName().toString();
            Files.deleteIfExists(marker);
            if (QueueId.valid(name)) {
                ids.add(new QueueId(name));
            }
        }
        return ids;
    }

    /** Whether the entry's delay notice (RFC 3464 action=delayed) was already sent. */
    public boolean delayNoticeSent(QueueEntry entry) {
        return Files.exists(active.resolve(entry.id().value() + DELAYED));
    }

    /** Records, durably, that the delay notice went out: an empty marker file beside the entry. */
    public void markDelayNoticeSent(QueueEntry entry) throws IOException {
        Path marker = active.resolve(entry.id().value() + DELAYED);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
        committer.syncDirectory();
    }

    /** Called after each successful commit (the runner uses it to deliver fresh mail at once). */
    public void onCommit(Consumer<QueueEntry> listener) {
        this.listener = listener;
    }

    /** File fsyncs so far (queue files and status files). */
    public long fileSyncs() {
        return durability.files();
    }

    /** Directory fsyncs so far; fewer than commits when group commit batched them. */
    public long directorySyncs() {
        return durability.directories();
    }

    @Override
    public void close() {
        committer.close();
    }

    Durability durability() {
        return durability;
    }

    Path activeFile(QueueId id) {
        return active.resolve(id.value());
    }

    void syncActive() throws IOException {
        committer.syncDirectory();
    }

    void committed(QueueEntry entry) {
        listener.accept(entry);
    }

    private Path statusFile(QueueId id) {
        return active.resolve(id.value() + ".status");
    }

    /**
     * A fresh queue ID: for every entry, and for a message that never becomes one (local mail
     * delivered at intake), where it names the message in the 250, Received: and the log.
     */
    public synchronized QueueId newId() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            counter = 0;
        } else if (++counter >= QueueId.COUNTER_LIMIT) {
            lastMillis++;
            counter = 0;
        }
        return QueueId.of(lastMillis, counter);
    }

    private void discardIncoming() throws IOException {
        var leftovers = list(incoming);
        for (Path file : leftovers) {
            Files.deleteIfExists(file);
        }
        if (!leftovers.isEmpty()) {
            log.info("queue recovery: deleted {} unacknowledged incoming files", leftovers.size());
        }
    }

    private java.util.Optional<QueueEntry> load(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (var in = new BufferedInputStream(Files.newInputStream(file))) {
            if (!QueueId.valid(name)) {
                throw new CorruptEntryException("not a queue file name");
            }
            var parsed = EntryHeader.parse(in, Files.size(file));
            if (!parsed.entry().id().value().equals(name)) {
                throw new CorruptEntryException("ID in header differs from file name");
            }
            return java.util.Optional.of(parsed.entry());
        } catch (CorruptEntryException e) {
            quarantine(file, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private java.util.Optional<QueueEntry> read(Path file) {
        try (var in = new BufferedInputStream(Files.newInputStream(file))) {
            return java.util.Optional.of(EntryHeader.parse(in, Files.size(file)).entry());
        } catch (IOException e) {
            return java.util.Optional.empty(); // removed meanwhile, or corrupt (recover() quarantines it)
        }
    }

    private void quarantine(Path file, String why) throws IOException {
        String name = file.getFileName().toString();
        Files.move(file, corrupt.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        Path status = active.resolve(name + ".status");
        if (Files.exists(status)) {
            Files.move(status, corrupt.resolve(name + ".status"), StandardCopyOption.REPLACE_EXISTING);
        }
        log.warn("queue file {} is corrupt ({}); moved to {} and not delivered", name, why, corrupt);
    }

    private static List<Path> list(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
