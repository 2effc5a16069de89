package dev.postern.mailbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Dovecot's {@code dovecot-uidlist}, version 3, as {@code maildir-uidlist.c} writes it: a header
 * {@code 3 V<uidvalidity> N<nextuid> G<mailbox guid, 32 hex>} and one line per message,
 * {@code <uid> [extension fields] :<file name up to the ':'>}. Extension fields and header fields
 * we do not use are kept verbatim, so Dovecot reads back exactly what it wrote. UIDs only grow:
 * {@code N} never goes down, so a UID is never reused. Not thread-safe; callers hold the dot-lock.
 */
final class DovecotUidList {

    static final String FILE = "dovecot-uidlist";

    /** One message: its UID and the extension fields (e.g. {@code W1234}) between UID and name. */
    record Entry(long uid, String extensions) {}

    private long uidValidity;
    private long nextUid;
    private String guid;
    private final String otherHeaderFields;
    private final Map<String, Entry> entries;
    /** Whether the file must be rewritten; Dovecot also rewrites old versions and lists without a GUID. */
    private boolean changed;

    private DovecotUidList(long uidValidity, long nextUid, String guid, String otherHeaderFields,
                           Map<String, Entry> entries) {
        this.uidValidity = uidValidity;
        this.nextUid = nextUid;
        this.guid = guid;
        this.otherHeaderFields = otherHeaderFields;
        this.entries = entries;
    }

    /** Reads the list in {@code maildir}, or starts an empty one (UIDVALIDITY from the clock). */
    static DovecotUidList read(Path maildir, Clock clock) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(maildir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            return fresh(clock);
        }
        return parse(lines, clock);
    }

    private static DovecotUidList fresh(Clock clock) {
        // Dovecot derives a new mailbox's UIDVALIDITY from the time, too (maildir_get_uidvalidity_next)
        long validity = Math.max(1, clock.instant().getEpochSecond() & 0xFFFF_FFFFL);
        return new DovecotUidList(validity, 1, newGuid(), "", new LinkedHashMap<>());
    }

    private static DovecotUidList parse(List<String> lines, Clock clock) throws IOException {
        String[] header = lines.getFirst().trim().split(" ");
        var list = switch (header[0]) {
            case "1" -> version1(header, clock);
            case "3" -> version3(header, clock);
            default -> throw new IOException(FILE + ": unsupported version " + header[0]);
        };
        boolean v1 = header[0].equals("1");
        list.changed = v1 || !lines.getFirst().contains(" G");
        for (String line : lines.subList(1, lines.size())) {
            list.parseRecord(line, v1);
        }
        return list;
    }

    private static DovecotUidList version1(String[] header, Clock clock) throws IOException {
        if (header.length < 3) {
            throw new IOException(FILE + ": short version 1 header");
        }
        return new DovecotUidList(number(header[1]), number(header[2]), newGuid(), "",
                new LinkedHashMap<>());
    }

    private static DovecotUidList version3(String[] header, Clock clock) throws IOException {
        var fresh = fresh(clock);
        long validity = 0;
        long next = 1;
        String guid = null;
        var others = new ArrayList<String>();
        for (int i = 1; i < header.length; i++) {
            String field = header[i];
            if (field.isEmpty()) {
                continue;
            }
            switch (field.charAt(0)) {
                case 'V' -> validity = number(field.substring(1));
                case 'N' -> next = number(field.substring(1));
                case 'G' -> guid = field.substring(1);
                default -> others.add(field);
            }
        }
        return new DovecotUidList(validity == 0 ? fresh.uidValidity : validity, Math.max(1, next),
                guid == null ? fresh.guid : guid, String.join(" ", others), new LinkedHashMap<>());
    }

    private void parseRecord(String line, boolean v1) throws IOException {
        if (line.isBlank()) {
            return;
        }
        int space = line.indexOf(' ');
        if (space < 0) {
            throw new IOException(FILE + ": malformed line: " + line);
        }
        long uid = number(line.substring(0, space));
        String rest = line.substring(space + 1);
        String extensions = "";
        String name;
        if (v1) {
            name = rest;
        } else {
            int colon = rest.indexOf(':');
            if (colon < 0) {
                throw new IOException(FILE + ": line without ':' before the file name: " + line);
            }
            extensions = rest.substring(0, colon).trim();
            name = rest.substring(colon + 1);
        }
        entries.put(MaildirName.parse(name).base(), new Entry(uid, extensions));
        nextUid = Math.max(nextUid, uid + 1);
    }

    long uidValidity() {
        return uidValidity;
    }

    long nextUid() {
        return nextUid;
    }

    /** The UID of a message by its base name, or -1 when the list does not know it. */
    long uidOf(String base) {
        Entry entry = entries.get(base);
        return entry == null ? -1 : entry.uid();
    }

    /**
     * Makes the list describe exactly the messages present: new ones get the next UIDs in
     * Dovecot's order (delivery time, then name), vanished ones are dropped.
     */
    void sync(Collection<MaildirName> present) {
        Set<String> bases = new HashSet<>();
        var unknown = new ArrayList<MaildirName>();
        for (MaildirName name : present) {
            bases.add(name.base());
            if (!entries.containsKey(name.base())) {
                unknown.add(name);
            }
        }
        changed |= entries.keySet().retainAll(bases);
        unknown.sort(Comparator.comparingLong(MaildirName::seconds).thenComparing(MaildirName::base));
        for (MaildirName name : unknown) {
            if (entries.putIfAbsent(name.base(), new Entry(nextUid, "")) == null) {
                nextUid++;
                changed = true;
            }
        }
    }

    /** True when the list differs from the file (new or vanished messages, sizes learned, old format). */
    boolean changed() {
        return changed;
    }

    /**
     * The size with CRLF line ends that Dovecot cached in the {@code W} extension field
     * (MAILDIR_UIDLIST_REC_EXT_VSIZE) for a message whose name lacks {@code W=}.
     */
    OptionalLong wireSize(String base) {
        Entry entry = entries.get(base);
        if (entry == null) {
            return OptionalLong.empty();
        }
        for (String field : entry.extensions().split(" ")) {
            if (field.length() > 1 && field.charAt(0) == 'W' && field.length() < 20
                    && field.substring(1).chars().allMatch(Character::isDigit)) {
                return OptionalLong.of(Long.parseLong(field.substring(1)));
            }
        }
        return OptionalLong.empty();
    }

    /** Caches a computed size in the {@code W} field, as Dovecot does, so it is counted once. */
    void recordWireSize(String base, long size) {
        Entry entry = entries.get(base);
        if (entry == null) {
            return;
        }
        String others = java.util.Arrays.stream(entry.extensions().split(" "))
                .filter(f -> !f.isEmpty() && f.charAt(0) != 'W')
                .collect(java.util.stream.Collectors.joining(" "));
        entries.put(base, new Entry(entry.uid(), (others.isEmpty() ? "" : others + " ") + "W" + size));
        changed = true;
    }

    /** Writes the list whole to a temporary file, fsyncs it and renames it over the old one. */
    void write(Path maildir) throws IOException {
        var out = new StringBuilder(64 + entries.size() * 48);
        out.append("3 V").append(uidValidity).append(" N").append(nextUid).append(" G").append(guid);
        if (!otherHeaderFields.isEmpty()) {
            out.append(' ').append(otherHeaderFields);
        }
        out.append('\n');
        entries.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getValue().uid()))
                .forEach(e -> {
                    out.append(e.getValue().uid());
                    if (!e.getValue().extensions().isEmpty()) {
                        out.append(' ').append(e.getValue().extensions());
                    }
                    out.append(" :").append(e.getKey()).append('\n');
                });
        Path temp = maildir.resolve(FILE + ".tmp");
        try (var channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            var bytes = java.nio.ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, maildir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
        changed = false;
    }

    private static long number(String text) throws IOException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IOException(FILE + ": not a number: " + text, e);
        }
    }

    private static String newGuid() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
