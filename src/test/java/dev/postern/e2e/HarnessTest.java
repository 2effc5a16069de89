package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.net.ConnectionCaps;
import dev.postern.net.Listener;
import dev.postern.net.ListenerSpec;
import dev.postern.net.SelfSigned;
import dev.postern.net.TlsContext;
import dev.postern.net.TlsMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external clients the end-to-end tests will use, proven against a scripted responder. */
class HarnessTest {

    private static final TlsContext TLS = SelfSigned.generate("responder.test").serverContext();

    private final ScriptedResponder responder = new ScriptedResponder();
    private Listener listener;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    private int listen(TlsMode mode) throws IOException {
        var spec = new ListenerSpec("smtp", new InetSocketAddress("127.0.0.1", 0), mode,
                "421 busy\r\n".getBytes(US_ASCII), Duration.ofSeconds(30));
        listener = Listener.open(spec, new ConnectionCaps(10, 10), responder);
        return listener.port();
    }

    private Path eml() throws IOException {
        return Files.writeString(dir.resolve("m.eml"),
                "From: <a@client.test>\r\nTo: <b@responder.test>\r\nSubject: harness\r\n\r\n.leading dot\r\nhello\r\n");
    }

    private ExternalClient.Result send(String mode, int port) throws Exception {
        return ExternalClient.python("send.py", "--port", String.valueOf(port), "--mode", mode,
                "--from", "a@client.test", "--to", "b@responder.test", "--eml", eml().toString());
    }

    @Test
    void sendPyDeliversInPlainText() throws Exception {
        var result = send("plain", listen(new TlsMode.Plain(Optional.of(TLS))));
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).contains("FINAL 250 2.0.0 queued as H1");
        assertThat(responder.heard).contains("MAIL FROM:<A@CLIENT.TEST>", "RCPT TO:<B@RESPONDER.TEST>");
        assertThat(responder.bodies).singleElement().asString().contains("..leading dot"); // dot-stuffed on the wire
    }

    @Test
    void sendPyUpgradesWithStartTls() throws Exception {
        var result = send("starttls", listen(new TlsMode.Plain(Optional.of(TLS))));
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).contains("STARTTLS 220", "FINAL 250");
        assertThat(responder.heard).containsSubsequence("STARTTLS", "EHLO CLIENT.TEST", "MAIL FROM:<A@CLIENT.TEST>");
    }

    @Test
    void sendPySpeaksImplicitTls() throws Exception {
        var result = send("implicit-tls", listen(new TlsMode.Implicit(TLS, Duration.ofSeconds(10))));
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).contains("FINAL 250");
    }

    @Test
    void swaksQuitsAfterRcpt() throws Exception {
        int port = listen(TlsMode.plain());
        var result = ExternalClient.swaks("--server", "127.0.0.1", "--port", String.valueOf(port),
                "--from", "a@client.test", "--to", "b@responder.test", "--quit-after", "RCPT", "--helo", "client.test");
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).contains("<-  250 ok");
        assertThat(responder.heard).contains("RCPT TO:<B@RESPONDER.TEST>", "QUIT").doesNotContain("DATA");
    }

    @Test
    void smugglePyPrintsEveryReplyLine() throws Exception {
        int port = listen(TlsMode.plain());
        var result = ExternalClient.python("smuggle.py", "--port", String.valueOf(port), "--variant", "lf-dot-lf");
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).contains("S: 220 responder.test", "S: 354 end with .", "S: 221 bye");
        // the responder ends data only at CRLF.CRLF, so the smuggled MAIL stays inside the body
        assertThat(responder.heard).doesNotContain("MAIL FROM:<ADMIN@VICTIM.TEST>");
    }

    @Test
    void smugglePySendsAPayloadFileInOneWrite() throws Exception {
        int port = listen(TlsMode.plain());
        Path payload = Files.write(dir.resolve("payload"), "NOOP\r\nNOOP\r\nQUIT\r\n".getBytes(US_ASCII));
        var result = ExternalClient.python("smuggle.py", "--port", String.valueOf(port), "--payload", payload.toString());
        assertThat(result.stdout().lines().filter(l -> l.equals("S: 250 ok")).count()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).contains("S: 221 bye");
    }

    @Test
    void aProgramPastItsTimeoutIsKilled() throws Exception {
        var result = ExternalClient.run(List.of("sleep", "30"), Duration.ofMillis(200));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.ok()).isFalse();
    }
}
