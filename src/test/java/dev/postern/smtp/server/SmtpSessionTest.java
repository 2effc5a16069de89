package dev.postern.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.testing.ScriptedConnection;
import dev.postern.testing.Transcript;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What transcripts cannot show: what Inbound is told, timeouts set, and faults inside the application. */
class SmtpSessionTest {

    @Test
    void startTlsHandshakesOnceAndInboundSeesTheEncryptedClient() throws Exception {
        var result = TranscriptTest.play(TranscriptTest.resource("/transcripts/smtp/starttls.txt"));
        assertThat(result.connection().handshakes()).isEqualTo(1);
        var clients = result.inbound().clients;
        assertThat(clients.getFirst().tls()).isEmpty();
        assertThat(clients.getLast().tls()).contains(ScriptedConnection.FAKE_TLS);
        assertThat(clients.getLast().helo()).isEqualTo("client.test");
        assertThat(clients.getLast().esmtp()).isTrue();
        assertThat(clients.getLast().authenticatedUser()).isEmpty();
        assertThat(clients.getLast().peer()).isEqualTo(TranscriptTest.PEER);
    }

    @Test
    void heloClientIsNotEsmtp() throws Exception {
        var result = TranscriptTest.play(TranscriptTest.resource("/transcripts/smtp/data-after-refused-recipients.txt"));
        assertThat(result.inbound().clients).allSatisfy(client -> assertThat(client.esmtp()).isFalse());
    }

    @Test
    void readsUseTheCommandAndDataTimeouts() throws Exception {
        var result = TranscriptTest.play(TranscriptTest.resource("/transcripts/smtp/basic-delivery.txt"));
        assertThat(result.connection().timeouts()).contains(Duration.ofMinutes(5), Duration.ofMinutes(3));
    }

    @Test
    void deadlineShrinksTheReadTimeoutAndExpires() throws Exception {
        var connection = scripted("S: 220 *\n");
        new Deadline(connection, Duration.ofMinutes(3), Duration.ofSeconds(30)).arm();
        assertThat(connection.timeouts().getLast()).isLessThanOrEqualTo(Duration.ofSeconds(30))
                .isGreaterThan(Duration.ofSeconds(20));
        assertThatThrownBy(() -> new Deadline(connection, Duration.ofMinutes(3), Duration.ZERO).arm())
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void aFaultInsideInboundEndsTheSessionWith421() {
        var connection = scripted("""
                S: 220 mx.example.test ESMTP Postern
                C: HELO client.test
                S: 250 mx.example.test
                C: MAIL FROM:<a@client.test>
                S: 421 4.3.0 mx.example.test Error: internal error, try again later
                """);
        Inbound broken = new Inbound() {
            @Override
            public Reply mailFrom(Client client, ReversePath from, MailParameters parameters) {
                throw new IllegalStateException("bug");
            }

            @Override
            public Reply rcptTo(Client client, ReversePath from, Recipient to) {
                throw new IllegalStateException("bug");
            }

            @Override
            public MessageSink open(Client client, Envelope envelope) {
                throw new IllegalStateException("bug");
            }
        };
        new SmtpSession(connection, broken, SessionSettings.defaults("mx.example.test")).run();
        connection.verify();
    }

    @Test
    void settingsDefaultsAndChecks() {
        var defaults = SessionSettings.defaults("mx.example.test");
        assertThat(defaults.maxRecipients()).isEqualTo(100);
        assertThat(defaults.maxBadCommands()).isEqualTo(20);
        assertThat(defaults.maxCommandLine()).isEqualTo(2048);
        assertThat(defaults.commandTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.dataTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(defaults.commandDeadline()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.dataDeadline()).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.startTlsAvailable()).isFalse();
        assertThatThrownBy(() -> defaults.withImplicitTls(true).withStartTlsAvailable(true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxRecipients(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ScriptedConnection scripted(String text) {
        return new ScriptedConnection(Transcript.parse("inline", text), TranscriptTest.PEER, Optional.empty());
    }
}
