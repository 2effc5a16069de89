package dev.postern.dkim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One header field exactly as received: {@code raw} holds its bytes with continuation lines and
 * without the final CRLF. A line that is no header field (no colon) has an empty name.
 */
public record HeaderField(String name, byte[] raw) {

    public static HeaderField of(byte[] raw) {
        int colon = -1;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == ':') {
                colon = i;
                break;
            }
        }
        String name = colon < 0 ? "" : new String(raw, 0, colon, StandardCharsets.ISO_8859_1).strip();
        return new HeaderField(name, raw);
    }

    /** A field built here, e.g. {@code DKIM-Signature}; {@code text} without the final CRLF. */
    public static HeaderField of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean named(String other) {
        return name.equalsIgnoreCase(other);
    }

    public String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The value after the colon, unfolded (CRLF removed), as text (UTF-8, RFC 6532). */
    public String value() {
        String text = new String(raw, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return (colon < 0 ? text : text.substring(colon + 1)).replace("\r\n", "");
    }
}
