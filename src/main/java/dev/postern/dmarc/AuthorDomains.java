package dev.postern.dmarc;

import dev.postern.dkim.DomainName;
import dev.postern.dkim.HeaderBlock;
import dev.postern.dkim.HeaderField;
import java.util.ArrayList;
import java.util.List;

/**
 * The RFC5322.From domains of a message (RFC 7489 §6.6.1). Lenient about display names, comments
 * and quoting: what matters is the domain of each mailbox, and a domain that is no valid DNS name
 * is reported as such rather than looked up.
 */
public record AuthorDomains(List<String> domains, int fromFields, boolean malformed) {

    public static AuthorDomains of(HeaderBlock headers) {
        var domains = new ArrayList<String>();
        boolean malformed = false;
        List<HeaderField> from = headers.named("From");
        for (HeaderField field : from) {
            for (String mailbox : mailboxes(field.value())) {
                int at = mailbox.lastIndexOf('@');
                String domain = at < 0 ? "" : mailbox.substring(at + 1).strip();
                if (DomainName.valid(domain) && domain.contains(".")) {
                    String normal = DomainName.normal(domain);
                    if (!domains.contains(normal)) {
                        domains.add(normal);
                    }
                } else {
                    malformed = true;
                }
            }
        }
        return new AuthorDomains(List.copyOf(domains), from.size(), malformed);
    }

    /** The one author domain DMARC can evaluate: exactly one From field naming one domain. */
    public java.util.Optional<String> single() {
        return fromFields == 1 && domains.size() == 1 && !malformed
                ? java.util.Optional.of(domains.getFirst()) : java.util.Optional.empty();
    }

    /** Splits a mailbox-list at commas outside quotes, angle brackets and comments; returns the addr-specs. */
    static List<String> mailboxes(String value) {
        var out = new ArrayList<String>();
        var current = new StringBuilder();
        boolean quoted = false;
        int comment = 0;
        boolean angle = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < value.length()) {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue; // a display name or quoted local part: not the domain
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(' -> comment++;
                case ')' -> comment = Math.max(0, comment - 1);
                case '<' -> {
                    if (comment == 0) {
                        angle = true;
                        current.setLength(0);
                    }
                }
                case '>' -> angle = false;
                case ',' -> {
                    if (comment == 0 && !angle) {
                        add(out, current);
                    }
                }
                case ':', ';' -> {
                    if (comment == 0 && !angle) {
                        current.setLength(0); // group syntax: "name:" and the closing ";"
                    }
                }
                default -> {
                    if (comment == 0) {
                        current.append(c);
                    }
                }
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder current) {
        String text = current.toString().strip();
        if (!text.isEmpty()) {
            out.add(text.replaceAll("\\s+", ""));
        }
        current.setLength(0);
    }
}
