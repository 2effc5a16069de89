package dev.postern.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslExchangeTest {

    private final SaslExchange exchange = new SaslExchange();

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCredentials(SaslStep step, String user, String password) {
        assertThat(step).isInstanceOfSatisfying(SaslStep.Credentials.class, c -> {
            assertThat(c.user()).isEqualTo(user);
            assertThat(new String(c.password())).isEqualTo(password);
        });
    }

    private static void assertFailure(SaslStep step, SaslStep.Kind kind) {
        assertThat(step).isEqualTo(new SaslStep.Failure(kind));
    }

    @Test
    void thunderbirdPlainWithInitialResponse() {
        // Thunderbird: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
        var step = exchange.start("PLAIN", Optional.of("AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA=="));
        assertCredentials(step, "alice@example.org", "secret");
    }

    @Test
    void plainWithoutInitialResponseSendsEmptyChallenge() {
        assertThat(exchange.start("PLAIN", Optional.empty())).isEqualTo(new SaslStep.Challenge(""));
        assertCredentials(exchange.respond(b64("\0alice@example.org\0secret")), "alice@example.org", "secret");
    }

    @Test
    void windowsMailTwoSpacesBeforeInitialResponse() {
        var step = exchange.start("PLAIN", Optional.of(" " + b64("\0bob@example.org\0pw") + " "));
        assertCredentials(step, "bob@example.org", "pw");
    }

    @Test
    void mechanismNamesAreCaseInsensitive() {
        assertCredentials(exchange.start("plain", Optional.of(b64("\0u@d\0p"))), "u@d", "p");
    }

    @Test
    void plainAcceptsAnAuthzidEqualToTheAuthcid() {
        assertCredentials(exchange.start("PLAIN", Optional.of(b64("Alice@Example.org\0alice@example.org\0pw"))),
                "alice@example.org", "pw");
    }

    @Test
    void plainRefusesToActForSomeoneElse() {
        assertFailure(exchange.start("PLAIN", Optional.of(b64("boss@example.org\0alice@example.org\0pw"))),
                SaslStep.Kind.AUTHZID_REFUSED);
    }

    @Test
    void plainKeepsNonAsciiPasswords() {
        assertCredentials(exchange.start("PLAIN", Optional.of(b64("\0jörg@example.de\0pässwörd€"))),
                "jörg@example.de", "pässwörd€");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice\0secret", "\0alice\0secret\0extra", "\0\0secret", "\0alice\0", ""})
    void plainWithWrongShapeIsMalformed(String message) {
        assertFailure(exchange.start("PLAIN", Optional.of(message.isEmpty() ? "=" : b64(message))),
                SaslStep.Kind.MALFORMED);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] bad = {0, 'u', '@', 'd', 0, (byte) 0xC3, (byte) 0x28};
        assertFailure(exchange.start("PLAIN", Optional.of(Base64.getEncoder().encodeToString(bad))),
                SaslStep.Kind.MALFORMED);
    }

    @Test
    void outlookLoginAsksUsernameThenPassword() {
        assertThat(exchange.start("LOGIN", Optional.empty())).isEqualTo(new SaslStep.Challenge("VXNlcm5hbWU6"));
        assertThat(exchange.respond(b64("alice@example.org"))).isEqualTo(new SaslStep.Challenge("UGFzc3dvcmQ6"));
        assertCredentials(exchange.respond(b64("secret")), "alice@example.org", "secret");
    }

    @Test
    void outlookForMacLoginWithUsernameAsInitialResponse() {
        assertThat(exchange.start("LOGIN", Optional.of(b64("alice@example.org"))))
                .isEqualTo(new SaslStep.Challenge("UGFzc3dvcmQ6"));
        assertCredentials(exchange.respond(b64("secret")), "alice@example.org", "secret");
    }

    @Test
    void loginWithEmptyUsernameOrPasswordIsMalformed() {
        assertFailure(exchange.start("LOGIN", Optional.of("=")), SaslStep.Kind.MALFORMED);
        var second = new SaslExchange();
        second.start("LOGIN", Optional.of(b64("alice@example.org")));
        assertFailure(second.respond(""), SaslStep.Kind.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CRAM-MD5", "SCRAM-SHA-256", "XOAUTH2", "", "PLAINX"})
    void unknownMechanism(String name) {
        assertFailure(exchange.start(name, Optional.empty()), SaslStep.Kind.UNKNOWN_MECHANISM);
    }

    @Test
    void clientCancelsAtTheFirstChallenge() {
        exchange.start("PLAIN", Optional.empty());
        assertFailure(exchange.respond("*"), SaslStep.Kind.CANCELLED);
    }

    @Test
    void clientCancelsAtThePasswordChallenge() {
        exchange.start("LOGIN", Optional.empty());
        exchange.respond(b64("alice@example.org"));
        assertFailure(exchange.respond("*"), SaslStep.Kind.CANCELLED);
    }

    @Test
    void cancelAsInitialResponse() {
        assertFailure(exchange.start("LOGIN", Optional.of("*")), SaslStep.Kind.CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "AGFs aWNl", "@@@@", "AGFsaWNl====="})
    void badBase64InResponse(String line) {
        exchange.start("LOGIN", Optional.empty());
        assertFailure(exchange.respond(line), SaslStep.Kind.BAD_BASE64);
    }

    @Test
    void badBase64InInitialResponse() {
        assertFailure(exchange.start("PLAIN", Optional.of("%%%")), SaslStep.Kind.BAD_BASE64);
    }

    @Test
    void noResponseIsAcceptedOnceTheExchangeIsOver() {
        exchange.start("PLAIN", Optional.of(b64("\0u@d\0p")));
        assertThatThrownBy(() -> exchange.respond(b64("\0u@d\0p"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> exchange.start("PLAIN", Optional.empty())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void respondBeforeStartIsAProgrammingError() {
        assertThatThrownBy(() -> exchange.respond("")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void credentialsHideAndEraseThePassword() {
        var credentials = (SaslStep.Credentials) exchange.start("PLAIN", Optional.of(b64("\0u@d\0hunter2")));
        assertThat(credentials.toString()).doesNotContain("hunter2").contains("u@d");
        credentials.erase();
        assertThat(credentials.password()).containsOnly('\0');
    }

    @Test
    void advertisesPlainAndLoginOnly() {
        assertThat(SaslExchange.MECHANISMS).containsExactly("PLAIN", "LOGIN");
    }
}
