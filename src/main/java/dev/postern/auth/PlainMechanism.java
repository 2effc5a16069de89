package dev.postern.auth;

import java.util.Arrays;

/** RFC 4616 PLAIN: one message, {@code [authzid] NUL authcid NUL passwd}, UTF-8. */
final class PlainMechanism implements SaslMechanism {

    static final String NAME = "PLAIN";

    @Override
    public SaslStep begin() {
        // RFC 4954 §4: with no initial response the server sends an empty challenge ("334 ").
        return new SaslStep.Challenge("");
    }

    @Override
    public SaslStep next(byte[] message) {
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        // RFC 4616 §2: exactly two NULs; a third would sit inside the password, which UTF8SAFE forbids.
        if (second < 0 || indexOf(message, second + 1) >= 0) {
            return new SaslStep.Failure(SaslStep.Kind.MALFORMED);
        }
        var authzid = Utf8.string(Arrays.copyOfRange(message, 0, first)).orElse(null);
        var authcid = Utf8.string(Arrays.copyOfRange(message, first + 1, second)).orElse("");
        byte[] passwordBytes = Arrays.copyOfRange(message, second + 1, message.length);
        char[] password = Utf8.chars(passwordBytes).orElse(new char[0]);
        Arrays.fill(passwordBytes, (byte) 0);
        if (authzid == null || authcid.isEmpty() || password.length == 0) {
            Arrays.fill(password, '\0');
            return new SaslStep.Failure(SaslStep.Kind.MALFORMED);
        }
        // RFC 4616 §2: an authzid equal to the authcid is the same as none; any other is a
        // request to act as someone else, which no Postern account may do.
        if (!authzid.isEmpty() && !authzid.equalsIgnoreCase(authcid)) {
            Arrays.fill(password, '\0');
            return new SaslStep.Failure(SaslStep.Kind.AUTHZID_REFUSED);
        }
        return new SaslStep.Credentials(authcid, password);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
