package dev.postern.dkim;

/** A whole message in memory split at the empty line after its header section. */
public record MessageSplit(HeaderBlock headers, int bodyOffset) {

    public static MessageSplit of(byte[] message) {
        int body = bodyStart(message, message.length);
        if (body < 0) {
            return new MessageSplit(HeaderBlock.parse(message, message.length), message.length);
        }
        return new MessageSplit(HeaderBlock.parse(message, body - 2), body);
    }

    /** Where the body starts (after the empty line), or -1 while the header section has not ended. */
    public static int bodyStart(byte[] bytes, int length) {
        if (length >= 2 && bytes[0] == '\r' && bytes[1] == '\n') {
            return 2; // no header fields at all
        }
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }
}
