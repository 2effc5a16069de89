package dev.postern.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.accounts.AccountException;
import dev.postern.accounts.AccountStore;
import dev.postern.mailbox.MaildirStore;
import dev.postern.smtp.MailAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path safety (issue 7): whatever the local part or domain, a delivery either is refused or lands
 * in a file whose real path is under the mail root, compared as {@link Path}s, never strings; an
 * account that could never be a Maildir is refused when the admin creates it.
 */
class PathSafetyTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "../../etc", "a/../../b", "/etc/passwd", "a/b", "a\\b", "..\\..\\x",
            ".hidden", ".", "a\0b", "a\nb", "a\rb", "a\tb", "\u007f", "x/.", "%2e%2e", "\uff0e\uff0e",
            "alice", "Al.ice+tag", "\u00e9l\u00e8ve"})
    void aLocalPartNeverLeadsOutOfTheMailRoot(String localPart) throws IOException {
        assertConfined(localPart, "example.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "example.test/../..", "/tmp", "a\0b", "a\nb", ".example.test",
            "example.test\\..", "EXAMPLE.TEST"})
    void aDomainNeverLeadsOutOfTheMailRoot(String domain) throws IOException {
        assertConfined("alice", domain);
    }

    @Test
    void controlCharactersAndSlashesAreRefusedOutright() {
        var store = new MaildirStore(dir.resolve("mail"), "mx.example.test");
        for (String bad : List.of("a\nb", "a\rb", "a\0b", "a/b", "..", "\u001b[31m")) {
            assertThatThrownBy(() -> store.maildir(new MailAddress(bad, "example.test")))
                    .as("local part %s", bad.replace("\n", "\\n")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Found here: '/' is RFC 5321 atext, so "a/b" was a valid account that no delivery could reach. */
    @Test
    void anAccountWhoseNameCannotBeAMaildirIsRefusedAtCreation() {
        try (var accounts = AccountStore.open(dir.resolve("postern.db"))) {
            accounts.addDomain("example.test");
            assertThatThrownBy(() -> accounts.addUser("a/b@example.test", "{PLAIN}x"))
                    .isInstanceOf(AccountException.class).hasMessageContaining("'/'");
            for (String bad : List.of("../x@example.test", ".x@example.test", "a..b@example.test", "a\nb@example.test",
                    "\"a b\"@example.test", "a\\b@example.test")) {
                assertThatThrownBy(() -> accounts.addUser(bad, "{PLAIN}x")).as(bad).isInstanceOf(AccountException.class);
            }
            assertThat(accounts.listUsers()).isEmpty();
        }
    }

    private void assertConfined(String localPart, String domain) throws IOException {
        Path root = Files.createDirectories(dir.resolve("mail"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        var store = new MaildirStore(root, "mx.example.test");
        String name;
        try {
            var maildir = store.maildir(new MailAddress(localPart, domain));
            name = maildir.deliver(out -> out.write("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
            Path delivered = maildir.path().resolve("new").resolve(name);
            assertThat(delivered.toRealPath().startsWith(root.toRealPath())).as("%s is under %s", delivered, root).isTrue();
        } catch (IllegalArgumentException refused) {
            name = null;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(Files::isRegularFile)
                    .filter(f -> !f.toAbsolutePath().normalize().startsWith(root.toAbsolutePath().normalize())))
                    .as("files written outside the mail root").isEmpty();
        }
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
        if (name != null) {
            String delivered = name;
            try (Stream<Path> files = Files.walk(root)) {
                assertThat(files.filter(f -> f.getFileName().toString().equals(delivered))).hasSize(1);
            }
        }
    }
}
