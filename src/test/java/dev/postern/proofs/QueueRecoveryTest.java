package dev.postern.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.postern.e2e.Wire;
import dev.postern.queue.Queue;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Half-written and corrupt queue files (issue 7): at start-up they are moved to
 * {@code queue/corrupt/} with a log line naming each, the server starts and serves, the sound
 * entries beside them are delivered, and no part of a corrupt one ever reaches a mailbox.
 */
@Timeout(120)
class QueueRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void corruptEntriesAreQuarantinedWithALogLineAndTheRestIsDelivered() throws Exception {
        var server = ProofServer.configure(dir, "", "alice@example.test");
        Path queueDir = server.data.resolve("queue");
        String sound = enqueue(queueDir, "SOUND-ENTRY");
        String truncated = enqueue(queueDir, "HALF-" + "x".repeat(4000));
        String garbled = enqueue(queueDir, "GARBLED-ENTRY");
        Path active = queueDir.resolve("active");
        Path half = active.resolve(truncated);
        Files.write(half, java.util.Arrays.copyOf(Files.readAllBytes(half), (int) Files.size(half) / 2));
        byte[] bytes = Files.readAllBytes(active.resolve(garbled));
        bytes[3] ^= 0x55; // a flipped byte in the header
        Files.write(active.resolve(garbled), bytes);
        Files.write(active.resolve("01M8ZZZZZZZZZ"), new byte[0]); // a well-formed name, nothing in it
        Files.writeString(active.resolve("not-an-id"), "junk\r\n");

        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var queueLog = (Logger) LoggerFactory.getLogger(Queue.class);
        queueLog.addAppender(appender);
        try (var running = server.start()) {
            server.awaitMail("alice", 1);
            try (var smtp = Wire.connect(running.port("smtp"))) {
                smtp.reply();
                smtp.command("EHLO client.test");
                smtp.command("MAIL FROM:<someone@remote.test>");
                smtp.command("RCPT TO:<alice@example.test>");
                smtp.command("DATA");
                assertThat(smtp.last("Subject: after recovery\r\n\r\nNEW-ENTRY\r\n.")).startsWith("250 ");
            }
            server.awaitMail("alice", 2);
        } finally {
            queueLog.detachAppender(appender);
        }

        String mailbox = String.join("\n", server.mail("alice").stream().map(QueueRecoveryTest::read).toList());
        assertThat(mailbox).contains("SOUND-ENTRY", "NEW-ENTRY").doesNotContain("HALF-", "GARBLED-ENTRY");
        try (var corrupt = Files.list(queueDir.resolve("corrupt"))) {
            assertThat(corrupt.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(truncated, garbled, "01M8ZZZZZZZZZ", "not-an-id");
        }
        List<String> warnings = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("is corrupt")).toList();
        assertThat(warnings).hasSize(4).anyMatch(m -> m.contains(truncated)).anyMatch(m -> m.contains(garbled));
        assertThat(server.queued()).isEmpty();
    }

    /** Commits an entry for alice as intake would, with the server stopped; returns its ID. */
    private static String enqueue(Path queueDir, String token) throws Exception {
        try (var queue = new Queue(queueDir, Clock.systemUTC())) {
            var writer = queue.receive(new ReversePath.Sender(MailAddress.parse("someone@remote.test")),
                    List.of(Recipient.of(MailAddress.parse("alice@example.test"))), MailParameters.NONE,
                    "client.test [127.0.0.1]");
            writer.body().write(("Subject: " + token.substring(0, Math.min(token.length(), 20)) + "\r\n\r\n" + token
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return writer.commit().id().value();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
