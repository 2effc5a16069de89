package dev.postern.proofs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full on a real tmpfs (issue 7): MAIL FROM refuses with 452 4.3.1 below
 * {@code queue.min_free_space}; a write failing mid-message answers 452, never 250 or 5xx, and
 * keeps nothing; local delivery to a full disk defers (no bounce); all recovers when space returns.
 */
@Timeout(120)
class DiskFullTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void mailFromAnswers452BelowTheMarginAndAcceptsAgainWhenSpaceReturns() throws Exception {
        try (var tmpfs = Tmpfs.mount(dir.resolve("data"), "24m");
             var server = ProofServer.configure(dir, "queue.min_free_space = 8M", "alice@example.test").start()) {
            Path filler = tmpfs.fill("filler", 4 * MB);
            try (var smtp = Wire.connect(server.port("smtp"))) {
                smtp.reply();
                smtp.command("EHLO client.test");
                assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).isEqualTo("452 4.3.1 Insufficient system storage");

                Files.delete(filler);
                assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
                assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
                assertThat(smtp.last("DATA")).startsWith("354 ");
                assertThat(smtp.last("Subject: after\r\n\r\nspace came back\r\n.")).startsWith("250 ");
            }
            server.awaitMail("alice", 1);
        }
    }

    @Test
    void aWriteFailingMidMessageAnswers452KeepsNothingAndTheRetrySucceeds() throws Exception {
        try (var tmpfs = Tmpfs.mount(dir.resolve("data"), "24m");
             var server = ProofServer.configure(dir, "queue.min_free_space = 1M", "alice@example.test").start()) {
            Path filler = tmpfs.fill("filler", 3 * MB);
            byte[] body = body(6 * MB);
            try (var smtp = Wire.connect(server.port("smtp"))) {
                smtp.reply();
                smtp.command("EHLO client.test");
                assertThat(smtp.last("MAIL FROM:<someone@remote.test> SIZE=" + body.length))
                        .as("RFC 1870 §6.1: a declared SIZE beyond the free space is refused up front")
                        .isEqualTo("452 4.3.1 Insufficient system storage");

                assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
                assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
                assertThat(smtp.last("DATA")).startsWith("354 ");
                smtp.send(body);
                assertThat(smtp.last(".")).isEqualTo("452 4.3.1 Insufficient system storage");
                assertThat(server.queued()).isEmpty();
                assertThat(server.entries("queue/incoming")).as("the half-written file is gone").isEmpty();

                Files.delete(filler);
                assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
                assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
                assertThat(smtp.last("DATA")).startsWith("354 ");
                smtp.send(body);
                assertThat(smtp.last(".")).startsWith("250 ");
            }
            server.awaitMail("alice", 1);
            assertThat(Files.size(server.mail("alice").getFirst())).isGreaterThan(body.length);
        }
    }

    @Test
    void aFullMailDiskAtIntakeAnswers452AndTheRetryIsDeliveredOnceSpaceReturns() throws Exception {
        Path data = dir.resolve("data");
        try (var mailFs = Tmpfs.mount(data.resolve("mail"), "8m");
             var server = ProofServer.configure(dir, "", "alice@example.test").start()) {
            Path filler = mailFs.fill("filler", 0);
            try (var smtp = Wire.connect(server.port("smtp"))) {
                smtp.reply();
                smtp.command("EHLO client.test");
                assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
                assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
                assertThat(smtp.last("DATA")).startsWith("354 ");
                smtp.send(body(256 * 1024));
                assertThat(smtp.last(".")).isEqualTo("452 4.3.1 Insufficient system storage");
                assertThat(server.mail("alice")).isEmpty();
                assertThat(tmpFiles(server.maildir("alice"))).as("no half-written file left in tmp/").isZero();
                assertThat(server.queued()).as("refused, not queued").isEmpty();

                Files.delete(filler);
                assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
                assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
                assertThat(smtp.last("DATA")).startsWith("354 ");
                smtp.send(body(256 * 1024));
                assertThat(smtp.last(".")).startsWith("250 ");
            }
            assertThat(server.mail("alice")).hasSize(1);
        }
    }

    @Test
    void localDeliveryFromTheQueueToAFullDiskDefersWithoutBouncingAndDeliversWhenSpaceReturns() throws Exception {
        Path data = dir.resolve("data");
        try (var mailFs = Tmpfs.mount(data.resolve("mail"), "8m");
             var server = ProofServer.configure(dir, "queue.retry_first = 1s\nqueue.retry_max = 2s\n"
                     + "delivery.local_at_intake = false", "alice@example.test").start()) {
            Path filler = mailFs.fill("filler", 0);
            try (var smtp = Wire.connect(server.port("smtp"))) {
                smtp.reply();
                smtp.command("EHLO client.test");
                assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
                assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
                assertThat(smtp.last("DATA")).startsWith("354 ");
                smtp.send(body(256 * 1024));
                assertThat(smtp.last(".")).startsWith("250 ");
            }
            var queued = server.queued();
            assertThat(queued).hasSize(1);
            Thread.sleep(3_000); // the immediate attempt and at least one retry (1s) meet the full disk

            assertThat(server.mail("alice")).isEmpty();
            assertThat(server.queued()).as("deferred, not bounced: the same single entry").isEqualTo(queued);
            assertThat(tmpFiles(server.maildir("alice"))).as("no half-written file left in tmp/").isZero();

            Files.delete(filler);
            server.awaitMail("alice", 1);
            org.awaitility.Awaitility.await().atMost(ProofServer.DELIVERY).until(() -> server.queued().isEmpty());
        }
    }

    private static long tmpFiles(Path maildir) throws IOException {
        Path tmp = maildir.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        }
    }

    /** A header and lines of text up to about {@code size} bytes, ending without the final dot line. */
    static byte[] body(long size) {
        var text = new StringBuilder("Subject: big\r\n\r\n");
        String line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n";
        while (text.length() < size) {
            text.append(line);
        }
        return text.toString().getBytes(ISO_8859_1);
    }
}
