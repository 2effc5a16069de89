package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.database.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped under a running node (its own server here, stopped and started again on the
 * same port and data): every question that needs the database gets a temporary reply (SMTP 451 /
 * 454, POP3 {@code [SYS/TEMP]}), never a 5xx and never a 250 for mail not on disk; when the
 * database returns, the node serves again without a restart.
 */
class DatabaseOutageEndToEndTest {

    private static final String ALICE = "alice@example.test";
    private static final String PASSWORD = "secret-password";

    @TempDir
    Path dir;

    @Test
    void postgresqlDownMeansTemporaryRepliesNothingLostAndRecoveryWhenItReturns() throws Exception {
        Path data = dir.resolve("pgdata");
        int port = freeLoopbackPort();
        EmbeddedPostgres postgres = postgres(data, port);
        String url = TestPostgres.freshDatabase(postgres);
        java.nio.file.Files.createDirectories(dir.resolve("node"));
        try (E2eServer node = E2eServer.configure(dir.resolve("node"), "database.url = " + url + "\n"
                + "auth.allow_plaintext_loopback = true\n", ALICE).start()) {
            String before = "before-" + UUID.randomUUID();
            assertThat(send(node, before)).startsWith("250 ");
            node.awaitMailWith("alice", before);

            String during = "during-" + UUID.randomUUID();
            try (Wire open = Wire.connect(node.port("smtp"))) {
                greet(open);
                assertThat(open.command("MAIL FROM:<someone@remote.test>").getLast()).startsWith("250 ");
                assertThat(open.command("RCPT TO:<" + ALICE + ">").getLast()).startsWith("250 ");

                postgres.close();

                assertThat(open.command("DATA").getLast()).startsWith("354 ");
                open.send(("Subject: " + during + "\r\n\r\nhello\r\n.\r\n").getBytes(ISO_8859_1));
                assertThat(open.last()).as("the recipient cannot be expanded now: try later").startsWith("4");
            }
            assertThat(rcpt(node)).startsWith("451 ");
            assertThat(smtpAuth(node)).startsWith("454 ");
            assertThat(popLogin(node)).startsWith("-ERR [SYS/TEMP]");

            postgres = postgres(data, port);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rcpt(node).startsWith("250 "));
            assertThat(smtpAuth(node)).startsWith("235 ");
            assertThat(send(node, during)).as("the client's retry").startsWith("250 ");
            node.awaitMailWith("alice", during);
            assertThat(node.newMail("alice")).hasSize(2);
            assertThat(popLogin(node)).startsWith("+OK");
        } finally {
            postgres.close();
        }
    }

    /** Starts (or starts again, keeping its data) a PostgreSQL on {@code port}. */
    private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static String send(E2eServer node, String token) throws IOException {
        try (Wire smtp = Wire.connect(node.port("smtp"))) {
            greet(smtp);
            assertThat(smtp.command("MAIL FROM:<someone@remote.test>").getLast()).startsWith("250 ");
            String rcpt = smtp.command("RCPT TO:<" + ALICE + ">").getLast();
            if (!rcpt.startsWith("250 ")) {
                return rcpt;
            }
            assertThat(smtp.command("DATA").getLast()).startsWith("354 ");
            smtp.send(("Subject: " + token + "\r\n\r\nhello\r\n.\r\n").getBytes(ISO_8859_1));
            return smtp.last();
        }
    }

    private static String rcpt(E2eServer node) throws IOException {
        try (Wire smtp = Wire.connect(node.port("smtp"))) {
            greet(smtp);
            assertThat(smtp.command("MAIL FROM:<someone@remote.test>").getLast()).startsWith("250 ");
            return smtp.command("RCPT TO:<" + ALICE + ">").getLast();
        }
    }

    private static String smtpAuth(E2eServer node) throws IOException {
        try (Wire wire = Wire.connect(node.port("submission"))) {
            greet(wire);
            String plain = Base64.getEncoder().encodeToString(("\0" + ALICE + "\0" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            return wire.command("AUTH PLAIN " + plain).getLast();
        }
    }

    private static String popLogin(E2eServer node) throws IOException {
        try (Wire pop = Wire.connect(node.port("pop3"))) {
            assertThat(pop.last()).startsWith("+OK");
            assertThat(pop.command("USER " + ALICE).getLast()).startsWith("+OK");
            String reply = pop.command("PASS " + PASSWORD).getLast();
            pop.command("QUIT");
            return reply;
        }
    }

    private static void greet(Wire wire) throws IOException {
        assertThat(wire.last()).startsWith("220 ");
        assertThat(wire.command("EHLO client.test").getLast()).startsWith("250 ");
    }

    private static int freeLoopbackPort() throws IOException {
        try (var probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
