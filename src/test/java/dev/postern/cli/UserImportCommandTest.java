package dev.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.accounts.AccountStore;
import dev.postern.auth.PasswordHash;
import dev.postern.e2e.ExternalClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code postern user import} with hashes made by Dovecot's own {@code doveadm pw} (Debian's dovecot-core). */
class UserImportCommandTest {

    private static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;
    Path conf;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        conf = Files.writeString(dir.resolve("postern.conf"), "hostname = mx.example.test\ndata_dir = "
                + dir.resolve("data") + "\n");
    }

    private Run postern(String... args) {
        CommandLine line = PosternCommand.commandLine(new PosternCommand(new ByteArrayInputStream(new byte[0])));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        var all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--config", conf.toString()));
        return new Run(line.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private static String doveadm(String scheme) throws Exception {
        var result = ExternalClient.run(List.of("doveadm", "-O", "pw", "-s", scheme, "-p", PASSWORD),
                Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdout().strip();
    }

    @Test
    void importsDovecotHashesThatThenVerify() throws Exception {
        List<String> schemes = List.of("ARGON2ID", "ARGON2I", "BLF-CRYPT", "SHA512-CRYPT", "SHA256-CRYPT", "PLAIN");
        var lines = new StringBuilder("# from /etc/dovecot/users\n");
        for (int i = 0; i < schemes.size(); i++) {
            lines.append("user").append(i).append("@example.org:").append(doveadm(schemes.get(i)))
                    .append(":5000:5000::/var/mail/example.org/user").append(i).append("::\n");
        }
        Path file = Files.writeString(dir.resolve("users"), lines);

        var refused = postern("user", "import", file.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("domain(s) not hosted here: example.org", "--create-domains");

        var run = postern("user", "import", "--create-domains", file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("added domain example.org", "imported 6, kept 0");
        assertThat(run.err()).contains("users:7: user5@example.org has a {PLAIN} password");

        try (var store = AccountStore.open(dir.resolve("data/postern.db"))) {
            for (int i = 0; i < schemes.size(); i++) {
                String stored = store.passwordHash("user" + i + "@example.org").orElseThrow();
                assertThat(stored).startsWith("{" + schemes.get(i) + "}");
                assertThat(PasswordHash.verify(PASSWORD.toCharArray(), stored)).as(schemes.get(i)).isTrue();
                assertThat(PasswordHash.verify("wrong".toCharArray(), stored)).as(schemes.get(i)).isFalse();
            }
        }

        var again = postern("user", "import", file.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("imported 0, kept 6");
    }

    @Test
    void aFileWithABadLineImportsNothing() throws Exception {
        assertThat(postern("domain", "add", "example.org").exit()).isZero();
        Path file = Files.writeString(dir.resolve("users"),
                "alice@example.org:" + doveadm("SHA512-CRYPT") + "\nbob@example.org:nohash\n");

        var run = postern("user", "import", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("users:2: bob@example.org: password has no {SCHEME} prefix",
                "nothing imported");
        assertThat(postern("user", "list").out()).doesNotContain("alice");
    }
}
