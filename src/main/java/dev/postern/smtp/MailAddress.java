package dev.postern.smtp;

import java.util.Locale;

/**
 * A mailbox address, {@code local-part@domain} (RFC 5321 §4.1.2). The local part keeps its case
 * (RFC 5321 §2.4: only the destination host may interpret it); the domain is compared in lower
 * case. Syntax checking is the parser's job; this record only holds the parts.
 */
public record MailAddress(String localPart, String domain) {

    public MailAddress {
        if (localPart == null || localPart.isEmpty()) {
            throw new IllegalArgumentException("empty local part");
        }
        if (domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException("empty domain");
        }
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /** Splits at the last {@code @}; the caller has checked the syntax. */
    public static MailAddress parse(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        return new MailAddress(address.substring(0, at), address.substring(at + 1));
    }

    /** The address with the local part lower-cased, the key for account and alias lookups. */
    public String canonical() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + domain;
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
