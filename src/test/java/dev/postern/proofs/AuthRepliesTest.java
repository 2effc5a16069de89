package dev.postern.proofs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.Wire;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * AUTH (issue 7), on the wire: an unknown user and a wrong password get the same reply, byte for
 * byte, on SMTP and POP3 (the equal work behind them is AuthenticatorTest's), and without TLS no
 * credentials are taken when plaintext is not allowed.
 */
@Timeout(120)
class AuthRepliesTest {

    @TempDir
    Path dir;

    @Test
    void unknownUserAndWrongPasswordReadTheSame() throws Exception {
        try (var server = ProofServer.configure(dir, """
                auth.allow_plaintext_loopback = true
                auth.throttle_allowlist = 127.0.0.0/8
                """, "alice@example.test").start()) {
            try (var smtp = Wire.connect(server.port("submission"))) {
                smtp.reply();
                smtp.command("EHLO client.test");
                String unknown = smtp.last("AUTH PLAIN " + plain("nobody@example.test", "secret-password"));
                String wrong = smtp.last("AUTH PLAIN " + plain("alice@example.test", "wrong-password"));
                assertThat(unknown).startsWith("535 ").isEqualTo(wrong);
                assertThat(smtp.last("AUTH PLAIN " + plain("alice@example.test", "secret-password"))).startsWith("235 ");
            }
            try (var pop = Wire.connect(server.port("pop3"))) {
                pop.line();
                String unknown = pop3Login(pop, "nobody@example.test", "secret-password");
                String wrong = pop3Login(pop, "alice@example.test", "wrong-password");
                assertThat(unknown).endsWith("-ERR [AUTH] Authentication failed").isEqualTo(wrong);
            }
        }
    }

    @Test
    void withoutTlsNoCredentialsAreTakenWhenPlaintextIsNotAllowed() throws Exception {
        try (var server = ProofServer.configure(dir, "", "alice@example.test").start();
             var smtp = Wire.connect(server.port("submission"))) {
            smtp.reply();
            assertThat(smtp.command("EHLO client.test")).noneMatch(l -> l.contains("AUTH"));
            assertThat(smtp.last("AUTH PLAIN " + plain("alice@example.test", "secret-password"))).matches("5\\d\\d .*");
            assertThat(smtp.last("MAIL FROM:<alice@example.test>")).startsWith("530 ");
        }
    }

    private static String pop3Login(Wire pop, String user, String password) throws java.io.IOException {
        pop.send(("USER " + user + "\r\n").getBytes(UTF_8));
        String first = pop.line();
        pop.send(("PASS " + password + "\r\n").getBytes(UTF_8));
        return first + " / " + pop.line();
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(UTF_8));
    }
}
