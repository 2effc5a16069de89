package dev.postern.dkim;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** The header section of a message as a list of fields, in order, top first. */
public record HeaderBlock(List<HeaderField> fields) {

    public HeaderBlock {
        fields = List.copyOf(fields);
    }

    /** Parses the bytes before the empty line (given without it); lines are CRLF-terminated. */
    public static HeaderBlock parse(byte[] bytes, int length) {
        var fields = new ArrayList<HeaderField>();
        var current = new ByteArrayOutputStream();
        int start = 0;
        while (start < length) {
            int end = lineEnd(bytes, start, length);
            boolean continuation = bytes[start] == ' ' || bytes[start] == '\t';
            if (!continuation && current.size() > 0) {
                fields.add(HeaderField.of(current.toByteArray()));
                current.reset();
            } else if (continuation && current.size() > 0) {
                current.write('\r');
                current.write('\n');
            }
            current.write(bytes, start, end - start);
            start = Math.min(length, end + 2);
        }
        if (current.size() > 0) {
            fields.add(HeaderField.of(current.toByteArray()));
        }
        return new HeaderBlock(fields);
    }

    private static int lineEnd(byte[] bytes, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return length;
    }

    public List<HeaderField> named(String name) {
        return fields.stream().filter(f -> f.named(name)).toList();
    }
}
