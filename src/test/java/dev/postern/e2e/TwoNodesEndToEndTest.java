package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.database.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Postern nodes as one server (docs/SCALING.md): one PostgreSQL, one Maildir root (node B's
 * {@code data/mail} is a link to node A's, as two hosts mount one NFS export), each node with its
 * own ports and its own queue. What one node or its CLI changes, the other sees at once.
 */
class TwoNodesEndToEndTest {

    private static final String ALICE = "alice@example.test";
    private static final String PASSWORD = "secret-password";
    private static final String REMOTE = "x@remote.test";

    @TempDir
    static Path dir;

    static E2eServer a;
    static E2eServer b;

    @BeforeAll
    static void start() throws Exception {
        String shared = "database.url = " + TestPostgres.freshDatabase() + "\n"
                + "auth.allow_plaintext_loopback = true\n";
        Files.createDirectories(dir.resolve("a/data/mail"));
        Files.createDirectories(dir.resolve("b/data"));
        Files.createSymbolicLink(dir.resolve("b/data/mail"), dir.resolve("a/data/mail"));
        a = E2eServer.configure(dir.resolve("a"), shared, ALICE).start();
        b = E2eServer.node(dir.resolve("b"), shared).start();
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aUserAddedThroughNodeAAuthenticatesOnNodeBAndARemovalIsSeenAtOnce() throws Exception {
        a.cli("bob-password\n", "user", "add", "bob@example.test", "--password-stdin");

        assertThat(smtpAuth(b, "bob@example.test", "bob-password")).startsWith("235 ");
        try (Wire pop = Wire.connect(b.port("pop3"))) {
            assertThat(login(pop, "bob@example.test", "bob-password")).startsWith("+OK");
            assertThat(pop.command("QUIT").getLast()).startsWith("+OK");
        }

        b.cli("", "user", "remove", "bob@example.test");
        assertThat(smtpAuth(a, "bob@example.test", "bob-password")).startsWith("535 ");
    }

    @Test
    void aPopLoginOnNodeALetsThatAddressRelayThroughNodeB() throws Exception {
        assertThat(rcptFrom(b, "127.0.0.31")).startsWith("550 5.7.1 ");
        try (Wire pop = Wire.connect(a.port("pop3"), "127.0.0.31")) {
            assertThat(login(pop, ALICE, PASSWORD)).startsWith("+OK");
            assertThat(pop.command("QUIT").getLast()).startsWith("+OK");
        }
        assertThat(rcptFrom(b, "127.0.0.31")).startsWith("250 ");
        assertThat(rcptFrom(b, "127.0.0.32")).as("another address").startsWith("550 5.7.1 ");
    }

    @Test
    void aPop3SessionOnNodeALocksTheMailboxOnNodeBUntilItEnds() throws Exception {
        try (Wire onA = Wire.connect(a.port("pop3"))) {
            assertThat(login(onA, ALICE, PASSWORD)).startsWith("+OK");
            try (Wire onB = Wire.connect(b.port("pop3"))) {
                assertThat(login(onB, ALICE, PASSWORD)).startsWith("-ERR [IN-USE]");
            }
            assertThat(onA.command("QUIT").getLast()).startsWith("+OK");
        }
        try (Wire onB = Wire.connect(b.port("pop3"))) {
            assertThat(login(onB, ALICE, PASSWORD)).startsWith("+OK");
            assertThat(onB.command("QUIT").getLast()).startsWith("+OK");
        }
    }

    @Test
    void mailReceivedByNodeBIsReadOnNodeA() throws Exception {
        String token = "two-nodes-" + UUID.randomUUID();
        try (Wire smtp = Wire.connect(b.port("smtp"))) {
            greet(smtp);
            assertThat(smtp.command("MAIL FROM:<someone@remote.test>").getLast()).startsWith("250 ");
            assertThat(smtp.command("RCPT TO:<" + ALICE + ">").getLast()).startsWith("250 ");
            assertThat(smtp.command("DATA").getLast()).startsWith("354 ");
            smtp.send(("Subject: " + token + "\r\n\r\nhello\r\n.\r\n").getBytes(ISO_8859_1));
            assertThat(smtp.last()).startsWith("250 ");
        }
        assertThat(new String(a.awaitMailWith("alice", token), ISO_8859_1)).contains(token);
        try (Wire pop = Wire.connect(a.port("pop3"))) {
            assertThat(login(pop, ALICE, PASSWORD)).startsWith("+OK");
            pop.send("RETR 1\r\n".getBytes(ISO_8859_1));
            assertThat(pop.drain(500)).anyMatch(line -> line.contains(token));
        }
    }

    @Test
    void adminCommandsWorkFromEitherNodeOnTheOneDatabase() throws Exception {
        b.cli("", "domain", "add", "second.test");
        a.cli("", "alias", "add", "info@second.test", ALICE);
        assertThat(rcptTo(b, "info@second.test")).startsWith("250 ");
        a.cli("", "domain", "remove", "second.test", "--force");
        assertThat(rcptTo(b, "info@second.test")).startsWith("550 5.7.1 ");
        b.cli("", "grants", "list");
        b.cli("", "auth", "status");
    }

    private static String rcptTo(E2eServer node, String recipient) throws IOException {
        try (Wire wire = Wire.connect(node.port("smtp"), "127.0.0.33")) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<someone@remote.test>").getLast()).startsWith("250 ");
            return wire.command("RCPT TO:<" + recipient + ">").getLast();
        }
    }

    private static String login(Wire pop, String user, String password) throws IOException {
        assertThat(pop.last()).startsWith("+OK");
        assertThat(pop.command("USER " + user).getLast()).startsWith("+OK");
        return pop.command("PASS " + password).getLast();
    }

    private static String smtpAuth(E2eServer node, String user, String password) throws IOException {
        try (Wire wire = Wire.connect(node.port("submission"))) {
            greet(wire);
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            return wire.command("AUTH PLAIN " + plain).getLast();
        }
    }

    /** The reply to RCPT TO a remote recipient, from a client bound to {@code local}. */
    private static String rcptFrom(E2eServer node, String local) throws IOException {
        try (Wire wire = Wire.connect(node.port("smtp"), local)) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<" + ALICE + ">").getLast()).startsWith("250 ");
            return wire.command("RCPT TO:<" + REMOTE + ">").getLast();
        }
    }

    private static void greet(Wire wire) throws IOException {
        assertThat(wire.last()).startsWith("220 ");
        assertThat(wire.command("EHLO client.test").getLast()).startsWith("250 ");
    }
}
