package dev.postern.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** RFC 6376 §3.4: the two canonicalization algorithms, for header fields and for the body. */
public enum Canonicalization {
    SIMPLE,
    RELAXED;

    static Optional<Canonicalization> named(String name) {
        return switch (name) {
            case "simple" -> Optional.of(SIMPLE);
            case "relaxed" -> Optional.of(RELAXED);
            default -> Optional.empty();
        };
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The field as it enters the header hash, with its CRLF. */
    byte[] header(HeaderField field) {
        var out = new ByteArrayOutputStream();
        if (this == SIMPLE) {
            out.writeBytes(field.raw()); // RFC 6376 §3.4.1: unchanged
        } else {
            out.writeBytes(relaxedHeader(field).getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** RFC 6376 §3.4.2: lower-case name, unfold, WSP runs to one SP, trim the value, no WSP around ':'. */
    static String relaxedHeader(HeaderField field) {
        String text = new String(field.raw(), StandardCharsets.ISO_8859_1); // byte-exact, whatever the charset
        String value = text.substring(text.indexOf(':') + 1).replace("\r\n", "")
                .replaceAll("[ \t]+", " ").strip();
        return field.lowerName() + ":" + value;
    }

    BodyCanonicalizer body(java.util.function.Consumer<byte[]> sink) {
        return new BodyCanonicalizer(this == RELAXED, sink);
    }
}
