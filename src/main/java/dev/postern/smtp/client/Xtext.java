package dev.postern.smtp.client;

/** RFC 3461 §4: xtext, where "+", "=" and bytes outside "!".."~" are written as {@code +XX}. */
final class Xtext {

    private Xtext() {
    }

    static String encode(String value) {
        var out = new StringBuilder();
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < '!' || c > '~' || c == '+' || c == '=') {
                out.append('+').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
