package dev.postern.intake;

import dev.postern.queue.QueueId;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.server.Client;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The {@code Received:} trace header intake writes first into every message (RFC 5321 §4.4). */
final class ReceivedHeader {

    // RFC 5322 §3.3 date-time, e.g. "Sun, 29 Nov 2026 01:43:18 +0000".
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ReceivedHeader() {
    }

    /** What let an unauthenticated client relay, noted as a comment (RFC 5322 CFWS). */
    enum RelayGrant { NONE, POP_BEFORE_SMTP }

    static String format(Client client, String hostname, QueueId id, List<Recipient> recipients,
                         ZonedDateTime when, RelayGrant grant) {
        var out = new StringBuilder("Received: from ").append(helo(client.helo()))
                .append(" (").append(addressLiteral(client.peer().address())).append(")\r\n");
        if (grant == RelayGrant.POP_BEFORE_SMTP) {
            out.append("\t(relaying granted by a POP3 login from this address: POP-before-SMTP)\r\n");
        }
        client.tls().ifPresent(tls -> out.append("\t(using ").append(tls.protocol())
                .append(" with cipher ").append(tls.cipherSuite()).append(")\r\n"));
        out.append("\tby ").append(hostname).append(" (Postern) with ").append(protocol(client))
                .append(" id ").append(id);
        // RFC 5321 §7.6: name the recipient only when there is exactly one, so Bcc stays private.
        if (recipients.size() == 1) {
            out.append("\r\n\tfor ").append(recipients.getFirst()).append("; ");
        } else {
            out.append(";\r\n\t");
        }
        return out.append(DATE.format(when)).append("\r\n").toString();
    }

    /** RFC 3848 §2 / RFC 5321 §4.4: SMTP after HELO, ESMTP after EHLO, S for TLS, A for AUTH. */
    static String protocol(Client client) {
        if (!client.esmtp()) {
            return "SMTP";
        }
        return "ESMTP" + (client.tls().isPresent() ? "S" : "") + (client.authenticatedUser().isPresent() ? "A" : "");
    }

    /** RFC 5321 §4.1.3 address literals: [192.0.2.1], [IPv6:2001:db8::1]. */
    static String addressLiteral(InetAddress address) {
        String ip = address.getHostAddress();
        int zone = ip.indexOf('%');
        if (zone >= 0) {
            ip = ip.substring(0, zone);
        }
        return address instanceof Inet6Address ? "[IPv6:" + compressed(ip) + "]" : "[" + ip + "]";
    }

    /** RFC 5952 §4.2: the longest run of two or more zero groups becomes "::" (Java writes them all). */
    static String compressed(String full) {
        String[] groups = full.split(":");
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }

    /** The client's HELO argument as it said it, minus anything that would break the header. */
    private static String helo(String helo) {
        if (helo == null || helo.isBlank()) {
            return "unknown";
        }
        var out = new StringBuilder();
        helo.codePoints().filter(c -> c > 32 && c < 127 && c != '(' && c != ')' && c != ';')
                .limit(255).forEach(out::appendCodePoint);
        return out.isEmpty() ? "unknown" : out.toString();
    }
}
