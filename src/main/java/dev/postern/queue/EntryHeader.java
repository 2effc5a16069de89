package dev.postern.queue;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The envelope header at the start of a queue file: ASCII lines {@code key value…}, fields
 * URL-encoded, ended by an empty line. The {@code length} line has a fixed width so the writer can
 * fill in the content length after streaming; a file whose size disagrees with it is truncated.
 */
final class EntryHeader {

    static final String MAGIC = "postern-queue 1";
    static final int MAX_BYTES = 4 << 20;
    private static final String LENGTH_PREFIX = "length ";
    private static final int LENGTH_DIGITS = 19;

    /** A parsed header: the entry and where its content starts. */
    record Parsed(QueueEntry entry, long contentOffset) {}

    private EntryHeader() {
    }

    /** The header bytes with a zero length; {@link #lengthOffset} says where to patch it. */
    static byte[] encode(QueueId id, Instant arrival, ReversePath sender, List<Recipient> recipients,
                         MailParameters parameters, String client) {
        var out = new StringBuilder(MAGIC).append('\n');
        out.append("id ").append(id).append('\n');
        out.append("arrival ").append(arrival).append('\n');
        out.append("client ").append(enc(client)).append('\n');
        out.append("sender ").append(switch (sender) {
            case ReversePath.Null n -> "<>";
            case ReversePath.Sender s -> enc(s.address().toString());
        }).append('\n');
        out.append("mail ").append(encode(parameters)).append('\n');
        for (var rcpt : recipients) {
            out.append("rcpt ").append(enc(rcpt.address().toString())).append(' ')
               .append(rcpt.notifyOn().isEmpty() ? "-" : String.join(",", rcpt.notifyOn().stream()
                       .map(Enum::name).sorted().toList())).append(' ')
               .append(rcpt.orcpt().map(EntryHeader::enc).orElse("-")).append('\n');
        }
        out.append(LENGTH_PREFIX).append("0".repeat(LENGTH_DIGITS)).append("\n\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static long lengthOffset(byte[] header) {
        return header.length - 2 - LENGTH_DIGITS;
    }

    static byte[] lengthDigits(long length) {
        return String.format("%0" + LENGTH_DIGITS + "d", length).getBytes(StandardCharsets.US_ASCII);
    }

    private static String encode(MailParameters p) {
        return (p.size().isPresent() ? Long.toString(p.size().getAsLong()) : "-") + " " + p.body().name()
                + " " + p.smtputf8() + " " + p.ret().map(Enum::name).orElse("-")
                + " " + p.envid().filter(e -> !e.isEmpty()).map(EntryHeader::enc).orElse("-");
    }

    /** Reads the header from the start of {@code in}; throws {@link CorruptEntryException} when it is bad. */
    static Parsed parse(InputStream in, long fileSize) throws IOException {
        var lines = readLines(in);
        long offset = lines.stream().mapToLong(l -> l.length() + 1).sum() + 1;
        if (lines.isEmpty() || !lines.getFirst().equals(MAGIC)) {
            throw new CorruptEntryException("not a queue file (bad format line)");
        }
        var fields = new Fields();
        for (var line : lines.subList(1, lines.size())) {
            try {
                fields.add(line);
            } catch (IllegalArgumentException e) {
                throw new CorruptEntryException("bad header line: " + line);
            }
        }
        QueueEntry entry = fields.entry();
        if (offset + entry.size() != fileSize) {
            throw new CorruptEntryException("truncated: header says " + entry.size()
                    + " content bytes, file holds " + (fileSize - offset));
        }
        return new Parsed(entry, offset);
    }

    private static List<String> readLines(InputStream in) throws IOException {
        var lines = new ArrayList<String>();
        var line = new ByteArrayOutputStream();
        int total = 0;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (++total > MAX_BYTES) {
                throw new CorruptEntryException("header too long");
            }
            if (b != '\n') {
                line.write(b);
            } else if (line.size() == 0) {
                return lines;
            } else {
                lines.add(line.toString(StandardCharsets.US_ASCII));
                line.reset();
            }
        }
        throw new CorruptEntryException("header not terminated");
    }

    /** Collects header lines and builds the entry, rejecting missing or malformed fields. */
    private static final class Fields {
        private String id, arrival, client, sender, mail;
        private Long length;
        private final List<Recipient> recipients = new ArrayList<>();

        void add(String line) throws CorruptEntryException {
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new CorruptEntryException("bad header line: " + line);
            }
            String value = line.substring(space + 1);
            switch (line.substring(0, space)) {
                case "id" -> id = value;
                case "arrival" -> arrival = value;
                case "client" -> client = dec(value);
                case "sender" -> sender = value;
                case "mail" -> mail = value;
                case "rcpt" -> recipients.add(recipient(value));
                case "length" -> length = number(value);
                default -> throw new CorruptEntryException("unknown header field: " + line);
            }
        }

        QueueEntry entry() throws CorruptEntryException {
            if (id == null || arrival == null || client == null || sender == null || mail == null
                    || length == null || recipients.isEmpty()) {
                throw new CorruptEntryException("incomplete header");
            }
            try {
                return new QueueEntry(new QueueId(id), Instant.parse(arrival), reversePath(sender),
                        recipients, parameters(mail), client, length);
            } catch (RuntimeException e) {
                throw new CorruptEntryException("bad header value: " + e.getMessage());
            }
        }
    }

    private static Recipient recipient(String value) throws CorruptEntryException {
        String[] parts = value.split(" ");
        if (parts.length != 3) {
            throw new CorruptEntryException("bad rcpt line: " + value);
        }
        try {
            var notify = EnumSet.noneOf(Recipient.Notify.class);
            if (!parts[1].equals("-")) {
                for (var n : parts[1].split(",")) {
                    notify.add(Recipient.Notify.valueOf(n));
                }
            }
            Optional<String> orcpt = parts[2].equals("-") ? Optional.empty() : Optional.of(dec(parts[2]));
            return new Recipient(MailAddress.parse(dec(parts[0])), notify, orcpt);
        } catch (RuntimeException e) {
            throw new CorruptEntryException("bad rcpt line: " + value);
        }
    }

    private static ReversePath reversePath(String value) {
        return value.equals("<>") ? ReversePath.NULL : new ReversePath.Sender(MailAddress.parse(dec(value)));
    }

    private static MailParameters parameters(String value) {
        String[] p = value.split(" ");
        if (p.length != 5) {
            throw new IllegalArgumentException("mail parameters");
        }
        return new MailParameters(
                p[0].equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(p[0])),
                MailParameters.Body.valueOf(p[1]), Boolean.parseBoolean(p[2]),
                p[3].equals("-") ? Optional.empty() : Optional.of(MailParameters.Ret.valueOf(p[3])),
                p[4].equals("-") ? Optional.empty() : Optional.of(dec(p[4])));
    }

    private static long number(String value) throws CorruptEntryException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CorruptEntryException("bad number: " + value);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String dec(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
