package dev.postern.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** RFC 6376 §3.7: the header hash input, the same for signing and verifying. */
final class SignedData {

    private SignedData() {
    }

    /**
     * The fields {@code h=} names, each taken from the bottom up (§5.4.2; a name listed more often
     * than present adds nothing: oversigning), then the signature field itself with b= empty and
     * without its final CRLF.
     */
    static byte[] of(HeaderBlock headers, List<String> signed, Canonicalization canon, HeaderField signature) {
        var out = new ByteArrayOutputStream();
        Map<String, Integer> used = new HashMap<>();
        List<HeaderField> fields = headers.fields();
        for (String name : signed) {
            int skip = used.merge(name, 1, Integer::sum);
            HeaderField field = nthFromBottom(fields, name, skip, signature);
            if (field != null) {
                out.writeBytes(canon.header(field));
            }
        }
        byte[] self = canon.header(withoutB(signature));
        out.write(self, 0, self.length - 2);
        return out.toByteArray();
    }

    private static HeaderField nthFromBottom(List<HeaderField> fields, String name, int n, HeaderField exclude) {
        int seen = 0;
        for (int i = fields.size() - 1; i >= 0; i--) {
            HeaderField field = fields.get(i);
            if (field != exclude && field.named(name) && ++seen == n) {
                return field;
            }
        }
        return null;
    }

    /** The field with the value of its b= tag deleted, every other byte kept (§3.7). */
    static HeaderField withoutB(HeaderField field) {
        String text = new String(field.raw(), StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(':');
        int start = colon + 1;
        while (start <= text.length()) {
            int end = text.indexOf(';', start);
            int stop = end < 0 ? text.length() : end;
            String spec = text.substring(start, stop);
            int eq = spec.indexOf('=');
            if (eq >= 0 && spec.substring(0, eq).strip().equals("b")) {
                String emptied = text.substring(0, start + eq + 1) + text.substring(stop);
                return new HeaderField(field.name(), emptied.getBytes(StandardCharsets.ISO_8859_1));
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return field;
    }
}
