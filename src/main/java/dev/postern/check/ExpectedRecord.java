package dev.postern.check;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One DNS record a hosted domain should publish: owner name, type and data in zone-file form,
 * what it is for, and how to judge what DNS holds. {@code relevant} picks the records at that
 * name that play this part (TXT holds more than SPF); {@code satisfied} says one does it right.
 */
public record ExpectedRecord(String name, String type, String data, String purpose,
                             Predicate<String> relevant, Predicate<String> satisfied) {

    /** What DNS holds for it. */
    public sealed interface Status {
        record Published() implements Status {}

        record Missing() implements Status {}

        /** Records play this part but none does it right; {@code found} is what they say. */
        record Different(List<String> found) implements Status {}

        /** DNS could not be asked (or {@code --no-dns}). */
        record NotChecked() implements Status {}
    }

    public Status judge(List<String> found) {
        List<String> parts = found.stream().filter(relevant).toList();
        if (parts.isEmpty()) {
            return new Status.Missing();
        }
        return parts.stream().anyMatch(satisfied) ? new Status.Published() : new Status.Different(parts);
    }

    /** A record whose last field is a host name (MX, CNAME, SRV): right when it names {@code host}. */
    static Predicate<String> targets(String host) {
        String wanted = absolute(host);
        return data -> {
            String[] fields = data.strip().split("\\s+");
            return absolute(fields[fields.length - 1]).equals(wanted);
        };
    }

    /** An SRV record (RFC 2782: priority weight port target) for {@code port} on {@code host}. */
    static Predicate<String> service(int port, String host) {
        Predicate<String> target = targets(host);
        return data -> {
            String[] fields = data.strip().split("\\s+");
            return fields.length == 4 && fields[2].equals(Integer.toString(port)) && target.test(data);
        };
    }

    static Predicate<String> startsWith(String prefix) {
        return data -> data.strip().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
    }

    static String absolute(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }
}
