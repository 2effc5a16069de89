package dev.postern.queue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-recipient status beside a queue file ({@code active/ID.status}): one line per recipient,
 * in the entry's order: {@code pending}, {@code delivered}, {@code deferred <epoch-ms> <reason>},
 * {@code failed <reason>}. No file means every recipient is pending.
 */
final class StatusFile {

    static final String MAGIC = "postern-status 1";

    private StatusFile() {
    }

    static byte[] encode(List<RecipientStatus> statuses) {
        var out = new StringBuilder(MAGIC).append('\n');
        for (var status : statuses) {
            out.append(switch (status) {
                case RecipientStatus.Pending p -> "pending";
                case RecipientStatus.Delivered d -> "delivered";
                case RecipientStatus.Deferred d ->
                        "deferred " + d.nextAttempt().toEpochMilli() + " " + EntryHeader.enc(d.reason());
                case RecipientStatus.Failed f -> "failed " + EntryHeader.enc(f.reason());
            }).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static List<RecipientStatus> decode(byte[] bytes, int recipients) throws CorruptEntryException {
        var lines = List.of(new String(bytes, StandardCharsets.US_ASCII).split("\n"));
        if (lines.isEmpty() || !lines.getFirst().equals(MAGIC) || lines.size() != recipients + 1) {
            throw new CorruptEntryException("bad status file");
        }
        var statuses = new ArrayList<RecipientStatus>();
        try {
            for (var line : lines.subList(1, lines.size())) {
                statuses.add(status(line.split(" ", 3)));
            }
        } catch (RuntimeException e) {
            throw new CorruptEntryException("bad status line: " + e.getMessage());
        }
        return Collections.unmodifiableList(statuses);
    }

    private static RecipientStatus status(String[] f) {
        return switch (f[0]) {
            case "pending" -> RecipientStatus.PENDING;
            case "delivered" -> RecipientStatus.DELIVERED;
            case "deferred" -> new RecipientStatus.Deferred(EntryHeader.dec(f[2]),
                    Instant.ofEpochMilli(Long.parseLong(f[1])));
            case "failed" -> new RecipientStatus.Failed(EntryHeader.dec(f[1]));
            default -> throw new IllegalArgumentException(f[0]);
        };
    }
}
