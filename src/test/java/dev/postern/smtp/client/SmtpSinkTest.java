package dev.postern.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.SmtpSink;
import dev.postern.smtp.Reply;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against Postfix's smtp-sink, a peer nobody here wrote. */
class SmtpSinkTest {

    @TempDir
    Path dir;

    @Test
    void deliversSeveralMessagesOverOneConnectionWithDotsIntact() throws Exception {
        try (var sink = SmtpSink.start(dir)) {
            try (var session = SmtpClientTest.CLIENT.open(sink.address(), "sink.test", TlsPolicy.OPPORTUNISTIC,
                    Optional.empty())) {
                for (int i = 0; i < 3; i++) {
                    var replies = session.send(SmtpClientTest.tx("Subject: m" + i + "\r\n\r\n.leading dot " + i
                            + "\r\n..two\r\nbare\nlf\r\n", "bob@remote.test", "carol@remote.test"));
                    assertThat(replies).extracting(Reply::code).containsExactly(250, 250);
                }
            }
            Thread.sleep(200);
            String dump = sink.dump();
            assertThat(dump).contains("Subject: m0", "Subject: m1", "Subject: m2");
            assertThat(dump).contains("\n.leading dot 2\n..two\nbare\nlf\n");
            assertThat(dump).contains("X-Rcpt-Args: <carol@remote.test>");
        }
    }

    @Test
    void hardAndSoftRecipientRefusals() throws Exception {
        try (var hard = SmtpSink.start(dir, "-f", "RCPT")) {
            try (var session = SmtpClientTest.CLIENT.open(hard.address(), "sink.test", TlsPolicy.NONE,
                    Optional.empty())) {
                assertThat(session.send(SmtpClientTest.tx("x\r\n", "bob@remote.test")).getFirst().permanentFailure())
                        .isTrue();
            }
        }
        try (var soft = SmtpSink.start(dir, "-r", "DATA")) {
            try (var session = SmtpClientTest.CLIENT.open(soft.address(), "sink.test", TlsPolicy.NONE,
                    Optional.empty())) {
                assertThat(session.send(SmtpClientTest.tx("x\r\n", "bob@remote.test")).getFirst()
                        .transientFailure()).isTrue();
            }
        }
    }
}
