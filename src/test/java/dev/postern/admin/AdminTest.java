package dev.postern.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.accounts.AccountException;
import dev.postern.accounts.AccountStore;
import dev.postern.auth.PasswordHash;
import dev.postern.auth.Scheme;
import dev.postern.config.PemKeyMaterial;
import dev.postern.config.Settings;
import dev.postern.config.SettingsLoader;
import dev.postern.intake.Directory.Resolution;
import dev.postern.smtp.MailAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTest {
    @TempDir
    Path dir;

    private Settings settings(String... lines) throws Exception {
        Path conf = dir.resolve("postern.conf");
        Files.writeString(conf, "data_dir = " + dir.resolve("data") + "\n" + String.join("\n", lines) + "\n");
        return SettingsLoader.load(Optional.of(conf));
    }

    @Test
    void initCreatesEverythingOnceAndIsIdempotent() throws Exception {
        Settings s = settings("hostname = mx.example.test");
        InitReport first = Admin.init(s);
        assertThat(first.created()).contains(s.dataDir(), s.mailDir(), s.queueDir(), s.tlsDir(), s.database().embeddedFile().orElseThrow(),
                s.tls().cert(), s.tls().key());
        assertThat(Files.getPosixFilePermissions(s.tls().key()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String cert = Files.readString(s.tls().cert());
        assertThat(Admin.init(s).created()).isEmpty();
        assertThat(Files.readString(s.tls().cert())).isEqualTo(cert);
    }

    @Test
    void selfSignedCertificateLoadsAndBuildsAnSslContext() throws Exception {
        Settings s = settings("hostname = mx.example.test");
        Admin.init(s);
        PemKeyMaterial material = PemKeyMaterial.load(s.tls().cert(), s.tls().key());
        var leaf = material.chain().getFirst();
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=mx.example.test");
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "mx.example.test"));
        assertThat(leaf.getNotAfter().toInstant()).isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(3600)));
        assertThat(material.privateKey()).isInstanceOf(ECPrivateKey.class);
        assertThat(Files.readString(s.tls().key())).startsWith("-----BEGIN PRIVATE KEY-----");
        leaf.verify(leaf.getPublicKey());

        SSLContext context = dev.postern.net.TlsContext.of(
                material.chain().toArray(java.security.cert.X509Certificate[]::new), material.privateKey()).sslContext();
        assertThat(context.getServerSocketFactory().getSupportedCipherSuites()).isNotEmpty();
    }

    @Test
    void configuredCertificateIsNeverGenerated() throws Exception {
        Settings s = settings("tls.cert = " + dir.resolve("own/cert.pem"), "tls.key = " + dir.resolve("own/key.pem"));
        InitReport report = Admin.init(s);
        assertThat(report.created()).doesNotContain(s.tls().cert(), s.tls().key());
        assertThat(dir.resolve("own")).doesNotExist();
        assertThat(s.tlsDir().resolve("cert.pem")).doesNotExist();
    }

    @Test
    void halfAKeyPairIsAnErrorNotAnOverwrite() throws Exception {
        Settings s = settings("hostname = mx.example.test");
        Admin.init(s);
        Files.delete(s.tls().key());
        String cert = Files.readString(s.tls().cert());
        assertThatThrownBy(() -> Admin.init(s)).hasMessageContaining("key.pem is missing");
        assertThat(Files.readString(s.tls().cert())).isEqualTo(cert);
    }

    @Test
    void firstRunCreatesDomainAndPostmasterOnce() throws Exception {
        Settings s = settings("hostname = mx.example.test");
        Admin.init(s);
        try (AccountStore store = AccountStore.open(s.database())) {
            Admin admin = new Admin(s, store);
            FirstAccount account = admin.firstRun().orElseThrow();
            assertThat(account.domain()).isEqualTo("mx.example.test");
            assertThat(account.address()).isEqualTo("postmaster@mx.example.test");
            assertThat(account.password()).hasSize(16);
            assertThat(PasswordHash.verify(account.password().toCharArray(),
                    store.passwordHash(account.address()).orElseThrow())).isTrue();
            assertThat(admin.firstRun()).isEmpty();
        }
    }

    @Test
    void firstRunUsesExampleTestForAHostNameWithoutDot() throws Exception {
        Settings s = settings("hostname = myhost");
        try (AccountStore store = AccountStore.open(s.database())) {
            assertThat(new Admin(s, store).firstRun().orElseThrow().address()).isEqualTo("postmaster@example.test");
        }
    }

    @Test
    void usersAndAliasesThroughAdmin() throws Exception {
        Settings s = settings();
        try (AccountStore store = AccountStore.open(s.database())) {
            Admin admin = new Admin(s, store);
            admin.addDomain("example.test");
            admin.addDomain("other.test");
            char[] password = "s3cret".toCharArray();
            admin.addUser("alice@example.test", password, Scheme.BLF_CRYPT);
            assertThat(password).containsOnly('\0');
            admin.addUser("bob@other.test", "pw".toCharArray(), Scheme.ARGON2ID);
            assertThat(PasswordHash.verify("s3cret".toCharArray(), store.passwordHash("alice@example.test").orElseThrow()))
                    .isTrue();
            admin.setPassword("alice@example.test", "new".toCharArray(), Scheme.ARGON2ID);
            assertThat(store.passwordHash("alice@example.test").orElseThrow()).startsWith("{ARGON2ID}");
            assertThat(admin.users(Optional.of("other.test"))).extracting(u -> u.address()).containsExactly("bob@other.test");
            assertThat(admin.users(Optional.empty())).hasSize(2);
            admin.addAlias("@example.test", List.of("alice@example.test"));
            assertThat(store.resolve(MailAddress.parse("x@example.test")))
                    .isEqualTo(new Resolution.Deliver(List.of(MailAddress.parse("alice@example.test"))));
            assertThatThrownBy(() -> admin.addUser("carol@example.test", new char[0], Scheme.ARGON2ID))
                    .isInstanceOf(AccountException.class).hasMessageContaining("empty password");
        }
    }
}
