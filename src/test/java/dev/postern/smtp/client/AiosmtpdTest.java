package dev.postern.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.net.SelfSigned;
import dev.postern.smtp.Reply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against Python's aiosmtpd (Debian python3-aiosmtpd), which requires STARTTLS. */
class AiosmtpdTest {

    @TempDir
    Path dir;

    private Process peer;
    private InetSocketAddress address;
    private Path out;

    @BeforeEach
    void start() throws Exception {
        start("starttls");
    }

    private void start(String mode) throws Exception {
        var cert = SelfSigned.generate("localhost");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        var mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\n"
                + mime.encodeToString(cert.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(cert.key().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        out = dir.resolve("received.txt");
        Path script = Path.of("src/test/resources/e2e/aiosmtpd_peer.py").toAbsolutePath();
        peer = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(port), certFile.toString(),
                keyFile.toString(), out.toString(), mode).redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        assertThat(line).as("aiosmtpd peer start").isEqualTo("ready");
        Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { })); // drain its log
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @AfterEach
    void stop() throws Exception {
        peer.getOutputStream().close();
        if (!peer.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            peer.destroyForcibly();
        }
    }

    @Test
    void startTlsThenPerRecipientRepliesAndExactContent() throws Exception {
        try (var session = SmtpClientTest.CLIENT.open(address, "localhost", TlsPolicy.OPPORTUNISTIC, Optional.empty())) {
            assertThat(session.encrypted()).isTrue();
            var replies = session.send(SmtpClientTest.tx("Subject: t\r\n\r\n.one\r\nbare\nend", "bob@remote.test",
                    "nobody@remote.test"));
            assertThat(replies).extracting(Reply::code).containsExactly(250, 550);
            assertThat(replies.get(1).enhancedCode()).isEqualTo("5.1.1");
        }
        assertThat(Files.readString(out)).isEqualTo("""
                MAIL alice@postern.test
                RCPT bob@remote.test
                TLS yes
                Subject: t\r
                \r
                .one\r
                bare\r
                end\r
                --END--
                """);
    }

    @Test
    void verifiedTlsRefusesASelfSignedCertificate() {
        var verify = new TlsPolicy(TlsPolicy.Mode.STARTTLS, TlsPolicy.Trust.VERIFY);
        assertThatThrownBy(() -> SmtpClientTest.CLIENT.open(address, "localhost", verify, Optional.empty()))
                .isInstanceOfSatisfying(SessionFailure.class, f -> {
                    assertThat(f.reply().transientFailure()).isTrue();
                    assertThat(f.reply().enhancedCode()).isEqualTo("4.7.0");
                    assertThat(f.reply().text()).contains("TLS handshake");
                });
    }

    @Test
    void withoutTlsTheServerRefusesAndTheClientSaysSo() throws Exception {
        try (var session = SmtpClientTest.CLIENT.open(address, "localhost", TlsPolicy.NONE, Optional.empty())) {
            var replies = session.send(SmtpClientTest.tx("x\r\n", "bob@remote.test"));
            assertThat(replies.getFirst().code()).isEqualTo(530);
        }
    }

    @Test
    void authPlainAfterStartTlsForARelayHost() throws Exception {
        var required = new TlsPolicy(TlsPolicy.Mode.STARTTLS, TlsPolicy.Trust.ANY);
        try (var session = SmtpClientTest.CLIENT.open(address, "localhost", required,
                Optional.of(new Credentials("relay", "secret")))) {
            assertThat(session.send(SmtpClientTest.tx("x\r\n", "bob@remote.test"))).extracting(Reply::code)
                    .containsExactly(250);
        }
        var patient = new SmtpClient(new ClientSettings("out.postern.test", Timeouts.all(java.time.Duration.ofSeconds(10))));
        assertThatThrownBy(() -> patient.open(address, "localhost", required,
                Optional.of(new Credentials("relay", "wrong"))))
                .isInstanceOfSatisfying(SessionFailure.class, f -> {
                    assertThat(f.reply().code()).as(f.reply().text()).isEqualTo(454);
                    assertThat(f.reply().text()).contains("authentication", "535");
                });
    }

    @Test
    void implicitTls() throws Exception {
        stop();
        start("implicit");
        var implicit = new TlsPolicy(TlsPolicy.Mode.IMPLICIT, TlsPolicy.Trust.ANY);
        try (var session = SmtpClientTest.CLIENT.open(address, "localhost", implicit,
                Optional.of(new Credentials("relay", "secret")))) {
            assertThat(session.encrypted()).isTrue();
            assertThat(session.send(SmtpClientTest.tx("x\r\n", "bob@remote.test"))).extracting(Reply::code)
                    .containsExactly(250);
        }
        // (aiosmtpd's session.ssl covers STARTTLS only, so the file cannot say "TLS yes" here.)
        assertThat(Files.readString(out)).contains("RCPT bob@remote.test");
    }
}
