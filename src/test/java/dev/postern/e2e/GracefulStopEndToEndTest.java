package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the server never turns a 250 into a loss: a session caught in DATA either completes with
 * 250 (and the message is delivered, at the latest after a restart) or is cut without a 250; and a
 * restart on the same data directory delivers what was still queued. Each test owns its server,
 * since stopping it is the point.
 */
class GracefulStopEndToEndTest {

    @TempDir
    Path dir;

    private E2eServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSessionInDataWhenCloseIsCalledCompletesAnd250MeansDelivered() throws Exception {
        server = E2eServer.configure(dir, "", "alice@example.test").start();
        String token = "in-flight-" + UUID.randomUUID();
        int port = server.port("smtp");
        String finalReply;
        Thread closer;
        try (Wire wire = Wire.connect(port)) {
            startData(wire);
            wire.send(("Subject: " + token + "\r\n\r\nfirst half\r\n").getBytes(ISO_8859_1));

            closer = Thread.ofVirtual().start(server::stop);
            // close() has begun once the listener refuses new connections
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> refuses(port));

            wire.send("second half\r\n.\r\n".getBytes(ISO_8859_1));
            finalReply = finalReply(wire);
            if (finalReply.startsWith("250")) {
                quietly(wire);
            }
        }
        assertThat(closer.join(Duration.ofSeconds(60))).as("close() returned").isTrue();

        server.start();                                     // same data dir: the queue is recovered
        if (finalReply.startsWith("250")) {
            byte[] stored = server.awaitMailWith("alice", token);
            assertThat(new String(stored, ISO_8859_1)).endsWith("Subject: " + token + "\r\n\r\nfirst half\r\nsecond half\r\n");
        } else {
            assertThat(finalReply).as("cut without 250").doesNotStartWith("2");
        }
    }

    /**
     * A client stalled in DATA past the grace period is cut off: it never saw a 250, and its
     * half-received message must not be delivered (not after the restart either).
     */
    @Test
    void aStalledSessionIsCutWithout250AndItsPartialMessageIsNotDelivered() throws Exception {
        server = E2eServer.configure(dir, "", "alice@example.test").start();
        String token = "stalled-" + UUID.randomUUID();
        String marker = "after-" + UUID.randomUUID();
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            startData(wire);
            wire.send(("Subject: " + token + "\r\n\r\nhalf a message, then silence\r\n").getBytes(ISO_8859_1));
            server.stop();                                  // waits out the grace, then cuts the session
            assertThat(finalReply(wire)).doesNotStartWith("250");
        }
        server.start();
        send(server.port("smtp"), List.of(marker));         // a later message is delivered…
        server.awaitMailWith("alice", marker);
        server.awaitQueueEmpty();
        assertThat(server.withToken("alice", token)).as("the cut message").isEmpty(); // …the cut one never
    }

    @Test
    void aRestartOnTheSameDataDirDeliversWhatWasQueued() throws Exception {
        server = E2eServer.configure(dir, "", "alice@example.test").start();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add("queued-" + i + "-" + UUID.randomUUID());
        }
        send(server.port("smtp"), tokens);                 // all acknowledged with 250…
        server.stop();                                      // …and the stop races their delivery
        int waiting = server.queued().size();

        server.start();
        for (String token : tokens) {
            await().atMost(E2eServer.DELIVERY).pollInterval(Duration.ofMillis(50))
                    .until(() -> !server.withToken("alice", token).isEmpty());
        }
        server.awaitQueueEmpty();
        System.out.printf("restart test: %d of %d messages were still queued at the stop%n", waiting, tokens.size());
    }

    /**
     * The same without the race: alice's mailbox path is blocked by a plain file, so every delivery
     * is deferred and all messages are still queued at the stop; unblocked, only the restarted node
     * (reading the queue from disk) can deliver them. A deferral keeps its retry time across a
     * restart, so the retry is set short.
     */
    @Test
    void aRestartDeliversMessagesWhoseDeliveryWasDeferred() throws Exception {
        server = E2eServer.configure(dir, "queue.retry_first = 1s", "alice@example.test").start();
        Path mailbox = server.maildir("alice").getParent();
        Files.createDirectories(mailbox.getParent());
        Files.writeString(mailbox, "not a directory");
        List<String> tokens = List.of("deferred-1-" + UUID.randomUUID(), "deferred-2-" + UUID.randomUUID());
        send(server.port("smtp"), tokens);
        server.stop();
        assertThat(server.queued()).hasSize(2);

        Files.delete(mailbox);
        server.start();
        for (String token : tokens) {
            server.awaitMailWith("alice", token);
        }
        server.awaitQueueEmpty();
    }

    private static void startData(Wire wire) throws IOException {
        assertThat(wire.last()).startsWith("220 ");
        assertThat(wire.command("EHLO stop.client.test").getLast()).startsWith("250 ");
        assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
        assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
        assertThat(wire.command("DATA").getLast()).startsWith("354 ");
    }

    /** One message per token in one session, each acknowledged with 250. */
    private static void send(int port, List<String> tokens) throws IOException {
        try (Wire wire = Wire.connect(port)) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO stop.client.test").getLast()).startsWith("250 ");
            for (String token : tokens) {
                assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
                assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
                assertThat(wire.command("DATA").getLast()).startsWith("354 ");
                wire.send(("Subject: " + token + "\r\n\r\nbody\r\n.\r\n").getBytes(ISO_8859_1));
                assertThat(wire.last()).startsWith("250 2.0.0 Ok: queued as ");
            }
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
    }

    /** The reply to the end of data, or what stands for it when the connection was cut. */
    private static String finalReply(Wire wire) {
        try {
            return wire.last();
        } catch (IOException cut) {
            return "cut: " + cut.getMessage();
        }
    }

    /** QUIT to a stopping server: 221, or 421, or a closed connection are all fine here. */
    private static void quietly(Wire wire) {
        try {
            wire.command("QUIT");
        } catch (IOException closed) {
            // the server may hang up once the transaction is done
        }
    }

    private static boolean refuses(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
