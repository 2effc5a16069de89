package dev.postern.cli;

import dev.postern.queue.QueueAdmin;
import dev.postern.queue.RecipientStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.stream.Collectors;

/** How {@code postern queue} prints entries and the summary, for admins reading a terminal. */
final class QueueFormat {
    private QueueFormat() {
    }

    /** {@code ID  age  size  sender  [held]  rcpt status, rcpt status …} on one line. */
    static String line(QueueAdmin.Listing listing) {
        var entry = listing.entry();
        var recipients = new ArrayList<String>();
        for (int i = 0; i < entry.recipients().size(); i++) {
            recipients.add(entry.recipients().get(i).address() + " " + status(listing.statuses().get(i)));
        }
        return "%-13s %5s %7s  %s%s  %s".formatted(entry.id(), age(entry.arrival()), entry.size(), entry.sender(),
                listing.held() ? "  HELD" : "", String.join(", ", recipients));
    }

    /** The entry's envelope, then one line per recipient. */
    static String detail(QueueAdmin.Listing listing) {
        var entry = listing.entry();
        var out = new StringBuilder();
        out.append("id:       ").append(entry.id()).append('\n');
        out.append("arrived:  ").append(entry.arrival().truncatedTo(ChronoUnit.SECONDS))
                .append(" (").append(age(entry.arrival())).append(" ago)\n");
        out.append("size:     ").append(entry.size()).append(" bytes\n");
        out.append("sender:   ").append(entry.sender()).append('\n');
        out.append("client:   ").append(entry.client()).append('\n');
        out.append("held:     ").append(listing.held() ? "yes (postern queue release to deliver)" : "no").append('\n');
        for (int i = 0; i < entry.recipients().size(); i++) {
            out.append("rcpt:     ").append(entry.recipients().get(i).address()).append(' ')
                    .append(status(listing.statuses().get(i))).append('\n');
        }
        return out.toString();
    }

    static String status(RecipientStatus status) {
        return switch (status) {
            case RecipientStatus.Pending p -> "pending";
            case RecipientStatus.Delivered d -> "delivered";
            case RecipientStatus.Deferred d -> "deferred, next attempt "
                    + (d.nextAttempt().isAfter(Instant.now()) ? d.nextAttempt().truncatedTo(ChronoUnit.SECONDS) : "now")
                    + " (" + d.reason() + ")";
            case RecipientStatus.Failed f -> "failed (" + f.reason() + ")";
        };
    }

    /** qshape's table: a TOTAL row, then one row per domain; columns are age buckets in minutes. */
    static String table(QueueAdmin.Summary summary) {
        var starts = summary.bucketStarts();
        int buckets = starts.size();
        int width = Math.max(6, summary.byDomain().keySet().stream().mapToInt(String::length).max().orElse(0));
        var header = new StringBuilder(("%" + width + "s %6s").formatted("", "T"));
        for (int b = 1; b <= buckets; b++) {
            header.append(" %6s".formatted(b < buckets ? Long.toString(starts.get(b).toMinutes())
                    : starts.get(b - 1).toMinutes() + "+"));
        }
        var total = new long[buckets];
        summary.byDomain().values().forEach(counts -> {
            for (int b = 0; b < buckets; b++) {
                total[b] += counts[b];
            }
        });
        var out = new StringBuilder(header).append('\n').append(row("TOTAL", total, width));
        summary.byDomain().forEach((domain, counts) -> out.append(row(domain, counts, width)));
        return out.toString();
    }

    private static String row(String name, long[] counts, int width) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return ("%" + width + "s %6d").formatted(name, sum) + java.util.Arrays.stream(counts)
                .mapToObj(c -> " %6d".formatted(c)).collect(Collectors.joining()) + "\n";
    }

    /** A short age: 42s, 17m, 5h, 3d. */
    static String age(Instant since) {
        Duration age = Duration.between(since, Instant.now());
        if (age.toMinutes() < 1) {
            return Math.max(0, age.toSeconds()) + "s";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + "m";
        }
        return age.toDays() < 1 ? age.toHours() + "h" : age.toDays() + "d";
    }
}
