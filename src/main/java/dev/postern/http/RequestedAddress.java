package dev.postern.http;

import dev.postern.smtp.MailAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The e-mail address a client asks settings for, checked before it goes near a document: at most
 * 254 octets (RFC 5321 §4.5.3.1.3), no spaces or control characters, a domain of LDH labels.
 */
final class RequestedAddress {
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final int MAX_LENGTH = 254;

    private RequestedAddress() {
    }

    static Optional<MailAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH
                || text.codePoints().anyMatch(c -> c <= 0x20 || c == 0x7F || c == '<' || c == '>')) {
            return Optional.empty();
        }
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1 || !DOMAIN.matcher(text.substring(at + 1)).matches()) {
            return Optional.empty();
        }
        return Optional.of(MailAddress.parse(text));
    }
}
