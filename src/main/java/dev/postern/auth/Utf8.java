package dev.postern.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Strict UTF-8 decoding (RFC 4616 §2 requires UTF-8); empty when the bytes are not valid UTF-8. */
final class Utf8 {

    private Utf8() {
    }

    static Optional<String> string(byte[] bytes) {
        return chars(bytes).map(chars -> {
            var text = new String(chars);
            Arrays.fill(chars, '\0');
            return text;
        });
    }

    /** Decodes into a fresh array the caller owns; no intermediate String is made. */
    static Optional<char[]> chars(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer buffer;
        try {
            buffer = decoder.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        var chars = new char[buffer.remaining()];
        buffer.get(chars);
        Arrays.fill(buffer.array(), '\0');
        return Optional.of(chars);
    }
}
