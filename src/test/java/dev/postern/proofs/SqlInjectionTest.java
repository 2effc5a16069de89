package dev.postern.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.accounts.AccountException;
import dev.postern.accounts.AccountStore;
import dev.postern.e2e.Wire;
import dev.postern.intake.Directory;
import dev.postern.smtp.MailAddress;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL injection (issue 7): every query is a prepared statement, so quotes, comments and
 * {@code OR 1=1} in addresses and user names are data. RFC 5321 atext allows {@code '} and
 * {@code =}, so {@code x'or'1'='1@…} is even a valid account name: it must match only itself.
 */
class SqlInjectionTest {

    private static final List<String> PROBES = List.of(
            "' OR '1'='1", "y'or'1'='1", "alice'--", "alice' /*", "'; DROP TABLE users; --",
            "\" OR \"\"=\"", "alice%", "_lice", "*", "alice\\'");

    @TempDir
    Path dir;

    @Test
    void lookupsTreatQuotesAndWildcardsAsData() {
        try (var accounts = AccountStore.open(dir.resolve("postern.db"))) {
            accounts.addDomain("example.test");
            accounts.addUser("alice@example.test", "{PLAIN}secret");
            accounts.addUser("x'or'1'='1@example.test", "{PLAIN}other");
            for (String probe : PROBES) {
                for (String address : List.of(probe + "@example.test", "alice@" + probe, probe)) {
                    assertThat(accounts.passwordHash(address)).as(address).isEmpty();
                    if (address.contains("@") && !address.endsWith("@")) {
                        var resolution = accounts.resolve(MailAddress.parse(address));
                        assertThat(resolution).as(address).isNotInstanceOf(Directory.Resolution.Deliver.class);
                    }
                }
            }
            assertThat(accounts.passwordHash("x'or'1'='1@example.test")).contains("{PLAIN}other");
            assertThat(accounts.listUsers()).hasSize(2);
        }
    }

    @Test
    void adminInputWithSqlIsRefusedOrStoredLiterally() {
        try (var accounts = AccountStore.open(dir.resolve("postern.db"))) {
            assertThatThrownBy(() -> accounts.addDomain("example.test' OR 1=1 --")).isInstanceOf(AccountException.class);
            assertThatThrownBy(() -> accounts.addDomain("x'); DROP TABLE domains; --")).isInstanceOf(AccountException.class);
            accounts.addDomain("example.test");
            accounts.addUser("o'brien@example.test", "{PLAIN}x");
            accounts.addAlias("sales'--@example.test", List.of("o'brien@example.test"));
            assertThat(accounts.resolve(MailAddress.parse("sales'--@example.test")))
                    .isEqualTo(new Directory.Resolution.Deliver(List.of(MailAddress.parse("o'brien@example.test"))));
            assertThat(accounts.resolve(MailAddress.parse("sales@example.test")))
                    .isNotInstanceOf(Directory.Resolution.Deliver.class);
            assertThat(accounts.listDomains()).containsExactly("example.test");
        }
    }

    @Test
    void injectionOverTheWireIsAnUnknownUserAndAFailedLogin() throws Exception {
        try (var server = ProofServer.configure(dir,
                "auth.allow_plaintext_loopback = true\nauth.throttle_allowlist = 127.0.0.0/8", "alice@example.test").start();
             var smtp = Wire.connect(server.port("submission"))) {
            smtp.reply();
            smtp.command("EHLO client.test");
            for (String probe : List.of("' OR '1'='1", "alice'--", "alice%")) { // each costs an Argon2 verify
                String plain = Base64.getEncoder().encodeToString(("\0" + probe + "@example.test\0' OR '1'='1")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(smtp.last("AUTH PLAIN " + plain)).as(probe).startsWith("535 ");
            }
        }
        try (var server = ProofServer.configure(
                java.nio.file.Files.createDirectories(dir.resolve("b")), "", "alice@example.test").start();
             var smtp = Wire.connect(server.port("smtp"), "127.0.8.1")) {
            smtp.reply();
            smtp.command("EHLO client.test");
            smtp.command("MAIL FROM:<someone@remote.test>");
            for (String probe : List.of("x'or'1'='1", "alice'--", "alice%", "_lice")) {
                assertThat(smtp.last("RCPT TO:<" + probe + "@example.test>")).as(probe).startsWith("550 5.1.1 ");
            }
        }
    }
}
