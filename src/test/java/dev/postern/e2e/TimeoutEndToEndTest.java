package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5321 §4.5.3.2 timeouts and the whole-command deadline over real sockets, set short: an idle
 * client, a client dripping one command octet by octet, and a message trickling past its deadline
 * are all answered 421 4.4.2 and cut, and the trickled message is not delivered.
 */
class TimeoutEndToEndTest {

    @TempDir
    static Path dir;

    static E2eServer server;

    @BeforeAll
    static void start() throws Exception {
        server = E2eServer.configure(dir, """
                smtp.command_timeout = 2s
                smtp.data_timeout = 2s
                smtp.data_deadline = 3s
                """, "alice@example.test").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anIdleClientIsCutWith421() throws Exception {
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO idle.client.test").getLast()).startsWith("250 ");
            assertThat(wire.last()).startsWith("421 4.4.2 ").contains("timeout exceeded"); // nothing sent
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    /** Each octet arrives well within the idle timeout; the command as a whole never does. */
    @Test
    void aSlowDripCommandIsCutAtTheCommandDeadline() throws Exception {
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            Thread dripper = drip(wire, "NOOP " + "x".repeat(40), Duration.ofMillis(300)); // 45 octets: 13 s
            assertThat(wire.last()).startsWith("421 4.4.2 ");
            dripper.interrupt();
            assertThat(dripper.join(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aTricklingMessageIsCutAtTheDataDeadlineAndNotDelivered() throws Exception {
        String token = "trickle-" + UUID.randomUUID();
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO slow.client.test").getLast()).startsWith("250 ");
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + token + "\r\n\r\n").getBytes(ISO_8859_1));
            Thread dripper = drip(wire, "line\r\n".repeat(30), Duration.ofMillis(100)); // 180 octets: 18 s
            assertThat(wire.last()).startsWith("421 4.4.2 ");
            dripper.interrupt();
            assertThat(dripper.join(Duration.ofSeconds(10))).isTrue();
        }
        String marker = "after-" + UUID.randomUUID();   // a later message is delivered, the cut one never
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO fast.client.test").getLast()).startsWith("250 ");
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + marker + "\r\n\r\nquick\r\n.\r\n").getBytes(ISO_8859_1));
            assertThat(wire.last()).startsWith("250 ");
        }
        server.awaitMailWith("alice", marker);
        server.awaitQueueEmpty();
        assertThat(server.withToken("alice", token)).isEmpty();
    }

    /** Sends {@code text} one octet per {@code pause} until done, interrupted, or the server hangs up. */
    private static Thread drip(Wire wire, String text, Duration pause) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (byte b : text.getBytes(ISO_8859_1)) {
                    wire.send(new byte[] {b});
                    Thread.sleep(pause);
                }
            } catch (IOException | InterruptedException stopped) {
                // the server cut the connection, or the test is done
            }
        });
    }
}
