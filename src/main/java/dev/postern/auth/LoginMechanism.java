package dev.postern.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * LOGIN (draft-murchison-sasl-login): the server asks "Username:" then "Password:", the client
 * answers each. Not a standard, but every mail client since Outlook Express speaks it. Outlook for
 * Mac sends the username as an initial response; the exchange then starts at "Password:".
 */
final class LoginMechanism implements SaslMechanism {

    static final String NAME = "LOGIN";
    static final String USERNAME_CHALLENGE = Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII));
    static final String PASSWORD_CHALLENGE = Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII));

    private Optional<String> user = Optional.empty();

    @Override
    public SaslStep begin() {
        return new SaslStep.Challenge(USERNAME_CHALLENGE);
    }

    @Override
    public SaslStep next(byte[] message) {
        if (user.isEmpty()) {
            var name = Utf8.string(message).filter(n -> !n.isEmpty());
            if (name.isEmpty()) {
                return new SaslStep.Failure(SaslStep.Kind.MALFORMED);
            }
            user = name;
            return new SaslStep.Challenge(PASSWORD_CHALLENGE);
        }
        var password = Utf8.chars(message);
        if (password.isEmpty() || password.get().length == 0) {
            return new SaslStep.Failure(SaslStep.Kind.MALFORMED);
        }
        return new SaslStep.Credentials(user.get(), password.get());
    }
}
