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
        var authzid = Utf8.string(Arrays.copyOfRange(message, 0, first));
        var authcid = Utf8.string(Arrays.copyOfRange(message, first + 1, second));
        byte[] passwordBytes = Arrays.copyOfRange(message, second + 1, message.length);
        try {
            var password = Utf8.chars(passwordBytes);
            if (authzid.isEmpty() || authcid.isEmpty() || password.isEmpty()
                    || authcid.get().isEmpty() || password.get().length == 0) {
                password.ifPresent(p -> Arrays.fill(p, '\0'));
                return new SaslStep.Failure(SaslStep.Kind.MALFORMED);
            }
            // RFC 4616 §2: an authzid equal to the authcid is the same as none; any other is a
            // request to act as someone else, which no Postern account may do.
            if (!authzid.get().isEmpty() && !authzid.get().equalsIgnoreCase(authcid.get())) {
                Arrays.fill(password.get(), '\0');
                return new SaslStep.Failure(SaslStep.Kind.AUTHZID_REFUSED);
            }
            return new SaslStep.Credentials(authcid.get(), password.get());
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
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
