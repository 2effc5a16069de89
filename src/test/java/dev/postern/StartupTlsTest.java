package dev.postern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.admin.Admin;
import dev.postern.config.Settings;
import dev.postern.config.SettingsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS identity is loaded on a thread of its own beside the rest of start-up: a broken one must
 * still stop the start with its reason, and leave no port open.
 */
class StartupTlsTest {
    @TempDir
    Path dir;

    private Settings settings(String node, String... lines) throws Exception {
        Path conf = dir.resolve(node + ".conf");
        Files.writeString(conf, String.join("\n", "hostname = " + node + ".example.test",
                "data_dir = " + dir.resolve(node), "smtp.listen = 127.0.0.1:0", "submission.listen =",
                "submissions.listen = 127.0.0.1:0", "pop3.listen =", "pop3s.listen =", "dns.servers = 127.0.0.1:9",
                String.join("\n", lines)) + "\n");
        return SettingsLoader.load(Optional.of(conf));
    }

    @Test
    void aKeyOfAnotherCertificateStopsTheStartWithItsReason() throws Exception {
        Settings one = settings("one");
        Settings other = settings("other");
        Admin.init(one);
        Admin.init(other);
        Settings crossed = settings("crossed", "tls.cert = " + one.tls().cert(), "tls.key = " + other.tls().key());

        assertThatThrownBy(() -> Postern.start(crossed))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("does not match the certificate");
    }

    @Test
    void anUnreadableCertificateStopsTheStartNamingTheFile() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key\n");
        Settings broken = settings("broken", "tls.cert = " + cert, "tls.key = " + key);

        assertThatThrownBy(() -> Postern.start(broken))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(cert.toString());
    }

    @Test
    void aGoodCertificateIsServedOnTheImplicitTlsPort() throws Exception {
        Settings good = settings("good");
        try (Postern postern = Postern.start(good)) {
            var pem = dev.postern.config.PemKeyMaterial.load(good.tls().cert(), good.tls().key());
            var client = dev.postern.net.SelfSigned.trusting(pem.chain().getFirst());
            int port = postern.ports("submissions").getFirst();
            try (var socket = (javax.net.ssl.SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                assertThat(new String(socket.getInputStream().readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo("220 ");
            }
        }
    }
}
