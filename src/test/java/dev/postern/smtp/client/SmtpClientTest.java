package dev.postern.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Transcript tests: the client against scripted servers. */
class SmtpClientTest {

    static final SmtpClient CLIENT = new SmtpClient(new ClientSettings("out.postern.test",
            Timeouts.all(Duration.ofMillis(1500))));

    static Transaction tx(String content, String... rcpts) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        var recipients = java.util.Arrays.stream(rcpts).map(r -> Recipient.of(MailAddress.parse(r))).toList();
        return new Transaction(new ReversePath.Sender(MailAddress.parse("alice@postern.test")), recipients,
                MailParameters.NONE, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    static ClientSession open(ScriptedServer server) throws SessionFailure {
        return CLIENT.open(server.address(), "mx.remote.test", TlsPolicy.OPPORTUNISTIC, Optional.empty());
    }

    @Test
    void pipelinesMailAndRcptAndReportsEachRecipient() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250-mx.remote.test greets you
                S: 250-PIPELINING
                S: 250-8BITMIME
                S: 250 SIZE 100000
                C: MAIL FROM:<alice@postern.test> SIZE=*
                C: RCPT TO:<bob@remote.test>
                C: RCPT TO:<nobody@remote.test>
                S: 250 2.1.0 ok
                S: 250 2.1.5 ok
                S: 550-5.1.1 no such user
                S: 550 5.1.1 really, none
                C: DATA
                S: 354 go on
                C: Subject: hi
                C:
                C: ..dot line
                C: end
                C: .
                S: 250 2.0.0 queued as ABC
                C: QUIT
                S: 221 bye
                """)) {
            List<Reply> replies;
            try (var session = open(server)) {
                replies = session.send(tx("Subject: hi\r\n\r\n.dot line\r\nend\r\n", "bob@remote.test",
                        "nobody@remote.test"));
            }
            assertThat(server.finish()).isEmpty();
            assertThat(replies.get(0).code()).isEqualTo(250);
            assertThat(replies.get(0).text()).isEqualTo("queued as ABC");
            assertThat(replies.get(1).code()).isEqualTo(550);
            assertThat(replies.get(1).enhancedCode()).isEqualTo("5.1.1");
            assertThat(replies.get(1).lines()).containsExactly("no such user", "really, none");
        }
    }

    @Test
    void fallsBackToHeloAndNormalisesBareLineEnds() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 old.remote.test
                C: EHLO out.postern.test
                S: 502 what?
                C: HELO out.postern.test
                S: 250 old.remote.test
                C: MAIL FROM:<alice@postern.test>
                S: 250 ok
                C: RCPT TO:<bob@remote.test>
                S: 250 ok
                C: DATA
                S: 354 go on
                C: a
                C: b
                C: c
                C: ..
                C: no final newline
                C: .
                S: 250 ok
                """)) {
            try (var session = open(server)) {
                var replies = session.send(tx("a\nb\rc\r\n.\r\nno final newline", "bob@remote.test"));
                assertThat(replies).extracting(Reply::code).containsExactly(250);
            }
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void aGarbledReplyDefersAndEndsTheSession() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250 mx.remote.test
                C: MAIL FROM:<alice@postern.test>
                S: HTTP/1.1 400 Bad Request
                """)) {
            try (var session = open(server)) {
                var replies = session.send(tx("x\r\n", "bob@remote.test"));
                assertThat(replies).singleElement().satisfies(r -> {
                    assertThat(r.code()).isEqualTo(451);
                    assertThat(r.enhancedCode()).isEqualTo("4.5.0");
                    assertThat(r.text()).contains("garbled reply");
                });
                assertThat(session.usable()).isFalse();
            }
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void a421MidSessionDefersEveryRecipient() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250 mx.remote.test
                C: MAIL FROM:<alice@postern.test>
                S: 250 ok
                C: RCPT TO:<bob@remote.test>
                S: 250 ok
                C: RCPT TO:<carol@remote.test>
                S: 421 4.3.2 shutting down
                CLOSE
                """)) {
            try (var session = open(server)) {
                var replies = session.send(tx("x\r\n", "bob@remote.test", "carol@remote.test"));
                assertThat(replies).extracting(Reply::code).containsExactly(421, 421);
                assertThat(session.usable()).isFalse();
            }
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void noReplyAfterTheDotTimesOutAsATemporaryFailure() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250 mx.remote.test
                C: MAIL FROM:<alice@postern.test>
                S: 250 ok
                C: RCPT TO:<bob@remote.test>
                S: 250 ok
                C: DATA
                S: 354 go on
                C: x
                C: .
                SLEEP 2500
                """)) {
            try (var session = open(server)) {
                var replies = session.send(tx("x\r\n", "bob@remote.test"));
                assertThat(replies).singleElement().satisfies(r -> {
                    assertThat(r.code()).isEqualTo(451);
                    assertThat(r.enhancedCode()).isEqualTo("4.4.2");
                    assertThat(r.text()).contains("no reply within");
                });
            }
            server.finish();
        }
    }

    @Test
    void aReplyPipelinedBeforeTheTlsHandshakeIsAnAttack() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250-mx.remote.test
                S: 250 STARTTLS
                C: STARTTLS
                S: 220 2.0.0 go ahead
                S: 250-injected
                S: 250 AUTH PLAIN
                SLEEP 500
                """)) {
            assertThatThrownBy(() -> open(server))
                    .isInstanceOfSatisfying(SessionFailure.class, f -> {
                        assertThat(f.reply().code()).isEqualTo(451);
                        assertThat(f.reply().enhancedCode()).isEqualTo("4.7.0");
                        assertThat(f.reply().text()).contains("before the TLS handshake");
                    });
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void eightBitContentIsNotSentToAServerWithout8bitmime() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250 mx.remote.test
                C: QUIT
                S: 221 bye
                """)) {
            try (var session = open(server)) {
                var replies = session.send(tx("Subject: caf\u00e9\r\n\r\n\u00e9t\u00e9\r\n", "bob@remote.test"));
                assertThat(replies).singleElement().satisfies(r -> {
                    assertThat(r.code()).isEqualTo(554);
                    assertThat(r.enhancedCode()).isEqualTo("5.6.3");
                });
                assertThat(session.usable()).isTrue();
            }
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void aMessageOverTheAdvertisedSizeIsRefusedBeforeMail() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250-mx.remote.test
                S: 250 SIZE 10
                C: QUIT
                S: 221 bye
                """)) {
            try (var session = open(server)) {
                var replies = session.send(tx("more than ten bytes\r\n", "bob@remote.test"));
                assertThat(replies.getFirst().code()).isEqualTo(552);
                assertThat(replies.getFirst().enhancedCode()).isEqualTo("5.3.4");
            }
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void aSessionCarriesSeveralMessagesAndResetsAfterARefusedOne() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250 mx.remote.test
                C: MAIL FROM:<alice@postern.test>
                S: 250 ok
                C: RCPT TO:<nobody@remote.test>
                S: 550 5.1.1 unknown
                C: RSET
                S: 250 ok
                C: MAIL FROM:<alice@postern.test>
                S: 250 ok
                C: RCPT TO:<bob@remote.test>
                S: 250 ok
                C: DATA
                S: 354 go
                C: second
                C: .
                S: 250 ok
                C: QUIT
                S: 221 bye
                """)) {
            try (var session = open(server)) {
                assertThat(session.send(tx("first\r\n", "nobody@remote.test"))).extracting(Reply::code)
                        .containsExactly(550);
                assertThat(session.usable()).isTrue();
                assertThat(session.send(tx("second\r\n", "bob@remote.test"))).extracting(Reply::code)
                        .containsExactly(250);
            }
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void aRefusedGreetingAndARefusedConnectionFailTheOpen() throws Exception {
        try (var server = new ScriptedServer("""
                S: 554 5.7.1 go away
                C: QUIT
                S: 221 bye
                """)) {
            assertThatThrownBy(() -> open(server)).isInstanceOfSatisfying(SessionFailure.class,
                    f -> assertThat(f.reply().code()).isEqualTo(554));
            assertThat(server.finish()).isEmpty();
        }
        var closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        var address = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), closed.getLocalPort());
        closed.close();
        assertThatThrownBy(() -> CLIENT.open(address, "gone.test", TlsPolicy.NONE, Optional.empty()))
                .isInstanceOfSatisfying(SessionFailure.class, f -> {
                    assertThat(f.reply().code()).isEqualTo(421);
                    assertThat(f.reply().enhancedCode()).isEqualTo("4.4.1");
                });
    }

    @Test
    void mailRefusedWithPipeliningAnswersEveryRecipientWithTheMailReply() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250-mx.remote.test
                S: 250 PIPELINING
                C: MAIL FROM:<alice@postern.test>
                C: RCPT TO:<bob@remote.test>
                S: 550 5.7.1 sender rejected
                S: 503 5.5.1 need MAIL
                C: RSET
                S: 250 ok
                """)) {
            try (var session = open(server)) {
                var replies = session.send(tx("x\r\n", "bob@remote.test"));
                assertThat(replies.getFirst().text()).isEqualTo("sender rejected");
            }
            server.finish();
            assertThat(server.errors).isEmpty();
        }
    }

    @Test
    void dataWriterNeverSendsABareCrOrLf() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        DataWriter.write(new ByteArrayInputStream(".a\r\r\nb\n\n.\r\n..c".getBytes(StandardCharsets.US_ASCII)), out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("..a\r\n\r\nb\r\n\r\n..\r\n...c\r\n.\r\n");
    }

    @Test
    void replyParsingTakesTheEnhancedCodeOnlyWhenItsClassMatches() throws Exception {
        var reply = ReplyReader.reply(451, List.of("5.1.1 mismatched class"));
        assertThat(reply.enhancedCode()).isEmpty();
        assertThat(ReplyReader.reply(250, List.of("2.0.0 ok")).text()).isEqualTo("ok");
        assertThatThrownBy(() -> new ReplyReader(new ByteArrayInputStream("250-a\r\n251 b\r\n".getBytes()))
                .read()).isInstanceOf(ReplyReader.ProtocolException.class);
        assertThatThrownBy(() -> new ReplyReader(new ByteArrayInputStream("199 early\r\n".getBytes()))
                .read()).isInstanceOf(ReplyReader.ProtocolException.class);
    }

    @Test
    void aServerThatStopsReadingDuringDataIsGivenUpAfterTheDataBlockTimeout() throws Exception {
        var impatient = new SmtpClient(new ClientSettings("out.postern.test", Timeouts.all(Duration.ofMillis(500))));
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250 mx.remote.test
                C: MAIL FROM:<alice@postern.test>
                S: 250 ok
                C: RCPT TO:<bob@remote.test>
                S: 250 ok
                C: DATA
                S: 354 go on
                SLEEP 30000
                """)) {
            String line = "x".repeat(998) + "\r\n";
            String content = line.repeat(32 * 1024); // 32 MB: more than the socket buffers hold
            try (var session = impatient.open(server.address(), "mx.remote.test", TlsPolicy.NONE, Optional.empty())) {
                long start = System.nanoTime();
                var replies = session.send(tx(content, "bob@remote.test"));
                assertThat(replies.getFirst().enhancedCode()).isEqualTo("4.4.2");
                // Without the watchdog the write would block until the server hangs up after 30 s.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void dsnParametersAndSmtputf8GoOutWhenOffered() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250-mx.remote.test
                S: 250-DSN
                S: 250-8BITMIME
                S: 250 SMTPUTF8
                C: MAIL FROM:<alice@postern.test> RET=HDRS ENVID=QQ+2B1
                S: 250 ok
                C: RCPT TO:<bob@remote.test> NOTIFY=DELAY,FAILURE ORCPT=rfc822;bob@remote.test
                S: 250 ok
                C: DATA
                S: 354 go
                C: x
                C: .
                S: 250 ok
                C: MAIL FROM:<alice@postern.test> SMTPUTF8
                S: 250 ok
                C: RCPT TO:<jörg@remote.test>
                S: 250 ok
                C: DATA
                S: 354 go
                C: y
                C: .
                S: 250 ok
                C: QUIT
                S: 221 bye
                """)) {
            var bob = new Recipient(MailAddress.parse("bob@remote.test"),
                    java.util.Set.of(Recipient.Notify.FAILURE, Recipient.Notify.DELAY), Optional.of("rfc822;bob@remote.test"));
            var params = new MailParameters(java.util.OptionalLong.empty(), MailParameters.Body.SEVEN_BIT, false,
                    Optional.of(MailParameters.Ret.HDRS), Optional.of("QQ+2B1"));
            try (var session = open(server)) {
                var dsn = new Transaction(new ReversePath.Sender(MailAddress.parse("alice@postern.test")),
                        List.of(bob), params, 3, () -> new ByteArrayInputStream("x\r\n".getBytes()));
                assertThat(session.send(dsn)).extracting(Reply::code).containsExactly(250);
                assertThat(session.send(tx("y\r\n", "j\u00f6rg@remote.test"))).extracting(Reply::code)
                        .containsExactly(250);
            }
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void aNonAsciiAddressIsNotSentToAServerWithoutSmtputf8() throws Exception {
        try (var server = new ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250 mx.remote.test
                C: QUIT
                S: 221 bye
                """)) {
            try (var session = open(server)) {
                assertThat(session.send(tx("y\r\n", "j\u00f6rg@remote.test"))).singleElement()
                        .satisfies(r -> assertThat(r.enhancedCode()).isEqualTo("5.6.7"));
            }
            assertThat(server.finish()).isEmpty();
        }
    }
}
