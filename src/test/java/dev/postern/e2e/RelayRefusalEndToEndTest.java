package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay refused in words a customer can act on, seen on the wire and by Python's smtplib; an
 * unknown local user; and a client in {@code relay.trusted_networks} (127.0.0.5) that may relay.
 */
class RelayRefusalEndToEndTest {

    private static final String LAST_503 = "503 5.5.1 valid RCPT command must precede DATA";

    @TempDir
    static Path dir;

    static E2eServer server;

    @BeforeAll
    static void start() throws Exception {
        server = E2eServer.configure(dir, "relay.trusted_networks = 127.0.0.5/32", "alice@example.test").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Wire greeted(String localAddress) throws Exception {
        Wire wire = Wire.connect(server.port("smtp"), localAddress);
        assertThat(wire.last()).startsWith("220 ");
        assertThat(wire.command("EHLO client.test").getLast()).startsWith("250 ");
        return wire;
    }

    @Test
    void relayIsRefusedAtRcptWithCauseAndCureAndDataSaysWhy() throws Exception {
        try (Wire wire = greeted("127.0.0.1")) {
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");

            List<String> refusal = wire.command("RCPT TO:<someone@elsewhere.test>");
            assertThat(refusal).allMatch(line -> line.startsWith("550-5.7.1 ") || line.startsWith("550 5.7.1 "));
            assertThat(refusal.getLast()).startsWith("550 5.7.1 ");
            String text = String.join("\n", refusal);
            assertThat(text).containsIgnoringCase("authenticat")          // the cause and the cure
                    .contains("elsewhere.test", "username and password");

            List<String> data = wire.command("DATA");
            assertThat(data.getLast()).isEqualTo(LAST_503);
            assertThat(data.getFirst()).startsWith("503-5.5.1 ");
            assertThat(data).allMatch(line -> line.startsWith("503-5.5.1 ") || line.equals(LAST_503));
            String earlier = String.join("\n", data.subList(0, data.size() - 1));
            assertThat(earlier).contains("elsewhere.test").containsIgnoringCase("authenticat");

            // the session goes on: a transaction to a hosted user still works
            assertThat(wire.command("RSET").getLast()).startsWith("250 ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
        assertThat(server.allMail()).noneMatch(f -> f.toString().contains("elsewhere"));
    }

    @Test
    void dataWithoutAnyRcptGetsTheSingleLine503() throws Exception {
        try (Wire wire = greeted("127.0.0.1")) {
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA")).containsExactly(LAST_503);
        }
    }

    @Test
    void unknownLocalUserGets550_5_1_1() throws Exception {
        try (Wire wire = greeted("127.0.0.1")) {
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<nobody@example.test>").getLast())
                    .startsWith("550 5.1.1 ").contains("nobody@example.test");
            assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
        }
    }

    /** smtplib hands the refusal texts to the program using it: what a mail client can show its user. */
    @Test
    void smtplibSeesTheWordsOfBothRefusals() throws Exception {
        String script = """
                import smtplib, sys
                c = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.test", timeout=30)
                c.ehlo()
                c.mail("bob@sender.test")
                code, text = c.rcpt("someone@elsewhere.test")
                print("RCPT", code, text.decode().replace("\\n", " | "))
                try:
                    c.data(b"Subject: never\\r\\n\\r\\nnever\\r\\n")
                    print("DATA accepted")
                except smtplib.SMTPDataError as e:
                    print("DATA", e.smtp_code, e.smtp_error.decode().replace("\\n", " | "))
                c.rset()  # the refused DATA leaves the transaction open, as in Postfix
                try:
                    c.sendmail("bob@sender.test", ["someone@elsewhere.test"], b"Subject: never\\r\\n\\r\\nx\\r\\n")
                    print("SENDMAIL accepted")
                except smtplib.SMTPRecipientsRefused as e:
                    code, text = e.recipients["someone@elsewhere.test"]
                    print("SENDMAIL", code, text.decode().replace("\\n", " | "))
                c.quit()
                """;
        var result = ExternalClient.run(List.of(python(), "-c", script, String.valueOf(server.port("smtp"))),
                ExternalClient.DEFAULT_TIMEOUT);

        assertThat(result.ok()).as(result.toString()).isTrue();
        var lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("RCPT 550 5.7.1 ").containsIgnoringCase("authenticat");
        assertThat(lines.get(1)).startsWith("DATA 503 5.5.1 All RCPT commands were rejected")
                .containsIgnoringCase("authenticat").endsWith("| 5.5.1 valid RCPT command must precede DATA");
        assertThat(lines.get(2)).startsWith("SENDMAIL 550 5.7.1 ").containsIgnoringCase("authenticat");
    }

    /**
     * 127.0.0.5 is in relay.trusted_networks: its remote recipient is accepted and stays queued
     * (no outbound delivery yet), while the local recipient of the same message is delivered.
     */
    @Test
    void aTrustedNetworkMayRelayAndTheRemoteRecipientStaysQueued() throws Exception {
        String token = "trusted-" + UUID.randomUUID();
        String id;
        try (Wire wire = greeted("127.0.0.5")) {
            assertThat(wire.command("MAIL FROM:<app@trusted.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<someone@elsewhere.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + token + "\r\n\r\nfrom a trusted network\r\n.\r\n").getBytes(ISO_8859_1));
            String queued = wire.last();
            assertThat(queued).startsWith("250 2.0.0 Ok: queued as ");
            id = queued.substring("250 2.0.0 Ok: queued as ".length()).trim();
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
        // the local copy arriving means the delivery attempt for this entry has run
        server.awaitMailWith("alice", token);
        assertThat(Files.exists(server.queueActive().resolve(id))).as("entry %s still queued", id).isTrue();
        assertThat(server.allMail()).filteredOn(f -> contains(f, token)).hasSize(1);
    }

    @Test
    void theSameRemoteRecipientFromAnUntrustedAddressIsRefused() throws Exception {
        try (Wire wire = greeted("127.0.0.6")) {
            assertThat(wire.command("MAIL FROM:<app@trusted.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<someone@elsewhere.test>").getLast()).startsWith("550 5.7.1 ");
        }
    }

    private static boolean contains(Path file, String token) {
        try {
            return Files.readString(file, ISO_8859_1).contains(token);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
