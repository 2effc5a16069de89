package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits over real sockets: command line length, SIZE, message size, connections per IP. */
class LimitsEndToEndTest {

    private static final int SIZE_LIMIT = 10_000;

    @TempDir
    static Path dir;

    static E2eServer server;

    @BeforeAll
    static void start() throws Exception {
        server = E2eServer.configure(dir, """
                message_size_limit = %d
                smtp.max_connections_per_ip = 2
                smtp.max_recipients = 3
                smtp.max_bad_commands = 5
                """.formatted(SIZE_LIMIT), "alice@example.test", "big@example.test", "carol@example.test").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Wire greeted() throws Exception {
        Wire wire = Wire.connect(server.port("smtp"));
        assertThat(wire.last()).startsWith("220 ");
        assertThat(wire.command("EHLO limits.client.test").getLast()).startsWith("250 ");
        return wire;
    }

    @Test
    void anOverlongCommandLineGets500AndTheSessionGoesOn() throws Exception {
        try (Wire wire = greeted()) {
            assertThat(wire.command("NOOP " + "x".repeat(3000))).singleElement().asString().startsWith("500 ");
            assertThat(wire.command("NOOP").getLast()).startsWith("250 ");
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<" + "y".repeat(2100) + "@example.test>").getLast()).startsWith("500 ");
            assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
    }

    @Test
    void sizeAboveTheLimitIsRefusedAtMail() throws Exception {
        try (Wire wire = greeted()) {
            assertThat(wire.command("MAIL FROM:<bob@sender.test> SIZE=" + (SIZE_LIMIT + 1)).getLast())
                    .startsWith("552 ");
            assertThat(wire.command("MAIL FROM:<bob@sender.test> SIZE=" + (SIZE_LIMIT / 2)).getLast())
                    .startsWith("250 ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
    }

    /** smtplib's MAIL carries no SIZE here, so only the content tells: 552 after the dot, nothing stored. */
    @Test
    void aMessageOverTheLimitGets552AndIsNotDelivered() throws Exception {
        String bigToken = "big-" + UUID.randomUUID();
        Path big = Files.writeString(dir.resolve("big.eml"), "Subject: " + bigToken + "\r\n\r\n"
                + ("0123456789".repeat(10) + "\r\n").repeat(SIZE_LIMIT / 100 + 10), ISO_8859_1);
        var refused = ExternalClient.python("send.py", "--port", String.valueOf(server.port("smtp")),
                "--from", "bob@sender.test", "--to", "big@example.test", "--eml", big.toString());
        assertThat(refused.ok()).as(refused.toString()).isFalse();
        assertThat(refused.stdout()).as(refused.toString()).contains("FINAL 552 5.3.4");

        // a small message afterwards arrives, and alone: the big one was never queued
        String smallToken = "small-" + UUID.randomUUID();
        Path small = Files.writeString(dir.resolve("small.eml"), "Subject: " + smallToken + "\r\n\r\nsmall\r\n");
        var accepted = ExternalClient.python("send.py", "--port", String.valueOf(server.port("smtp")),
                "--from", "bob@sender.test", "--to", "big@example.test", "--eml", small.toString());
        assertThat(accepted.ok()).as(accepted.toString()).isTrue();
        server.awaitMailWith("big", smallToken);
        server.awaitQueueEmpty();
        assertThat(server.newMail("big")).hasSize(1);
        assertThat(server.withToken("big", bigToken)).isEmpty();
    }

    @Test
    void recipientsPastTheLimitGet452AndTheMessageGoesToTheAcceptedOnes() throws Exception {
        String token = "many-" + UUID.randomUUID();
        try (Wire wire = greeted()) {
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<carol@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<Carol@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("452 4.5.3 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + token + "\r\n\r\nthree recipients, two mailboxes\r\n.\r\n").getBytes(ISO_8859_1));
            assertThat(wire.last()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
        server.awaitMailWith("carol", token);               // one copy each: Carol@ is carol@
        server.awaitMailWith("alice", token);
    }

    @Test
    void theFifthBadCommandEndsTheSessionWith421() throws Exception {
        try (Wire wire = greeted()) {
            for (int i = 1; i < 5; i++) {
                assertThat(wire.command("BOGUS " + i)).singleElement().asString().startsWith("500 ");
            }
            assertThat(wire.command("BOGUS 5")).singleElement().asString().startsWith("500 ");
            assertThat(wire.last()).startsWith("421 4.7.0 ");
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void theThirdConnectionFromOneAddressGets421WhileAnotherAddressIsServed() throws Exception {
        int port = server.port("smtp");
        try (Wire first = Wire.connect(port, "127.0.0.2"); Wire second = Wire.connect(port, "127.0.0.2")) {
            assertThat(first.last()).startsWith("220 ");
            assertThat(second.last()).startsWith("220 ");
            try (Wire third = Wire.connect(port, "127.0.0.2")) {
                assertThat(third.last()).startsWith("421 4.7.0 ");
                assertThat(third.closedByServer()).isTrue();
            }
            try (Wire other = Wire.connect(port, "127.0.0.3")) {
                assertThat(other.last()).startsWith("220 ");
                assertThat(other.command("QUIT").getLast()).startsWith("221 ");
            }
            assertThat(first.command("NOOP").getLast()).startsWith("250 "); // the first two go on
            assertThat(second.command("NOOP").getLast()).startsWith("250 ");
        }
    }
}
