package dev.postern.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.Wire;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open relay (issue 7): the classic trick addresses, sent without authentication from an untrusted
 * address to port 25, an alternate port and 587, are all refused; nothing reaches the queue.
 * The tricks make a relay that routes on the local part (%-hack, bang paths, quoted {@code @},
 * source routes) or that takes an IP literal, a trailing dot or another case for "local" forward
 * mail to remote.test.
 */
@Timeout(120)
class RelayTricksTest {

    /** Each, if accepted by a naive relay, would carry the message to someone at remote.test. */
    static final List<String> TRICKS = List.of(
            "user%remote.test@example.test",
            "user%remote.test@[127.0.0.1]",
            "\"user@remote.test\"@example.test",
            "\"user%remote.test\"@example.test",
            "@example.test:user@remote.test",
            "@example.test,@relay.test:user@remote.test",
            "remote.test!user@example.test",
            "remote.test!user",
            "user@remote.test",
            "user@remote.test.",
            "USER@REMOTE.TEST",
            "user@Remote.Test",
            "user@[127.0.0.1]",
            "user@[IPv6:::1]",
            "user@[192.0.2.1]",
            "user@remote.test@example.test",
            "user@example.test.remote.test",
            "user@localhost",
            "user@example.test:25",
            "user@exampl\u0435.test",     // Cyrillic е: another domain that looks the same
            "us\u0435r@r\u00e9mote.test",
            "user@remote.test%example.test",
            "user\\@remote.test@example.test",
            "postmaster@remote.test");

    @TempDir
    static Path dir;

    static ProofServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ProofServer.configure(dir, "smtp.listen = 127.0.0.1:0, 127.0.0.1:0", "alice@example.test").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyTrickIsRefusedOnPort25AndItsAlternate() throws Exception {
        List<Integer> ports = server.ports("smtp");
        assertThat(ports).hasSize(2);
        for (int port : ports) {
            assertRefused(port, "127.0.9.9");
        }
        assertThat(server.queued()).isEmpty();
    }

    @Test
    void everyTrickIsRefusedOnSubmissionWithoutAuth() throws Exception {
        assertRefused(server.port("submission"), "127.0.9.10");
        assertThat(server.queued()).isEmpty();
    }

    @Test
    void theHostedMailboxItselfIsStillAccepted() throws Exception {
        try (var smtp = Wire.connect(server.port("smtp"), "127.0.9.11")) {
            smtp.reply();
            smtp.command("EHLO client.test");
            assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
            assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
            assertThat(smtp.last("RCPT TO:<ALICE@EXAMPLE.TEST>")).as("local parts are case-insensitive here").startsWith("250 ");
            assertThat(smtp.last("RSET")).startsWith("250 ");
        }
    }

    /** One connection per trick, so the bad-command limit (a 421) never hides a later answer. */
    private static void assertRefused(int port, String from) throws Exception {
        var accepted = new ArrayList<String>();
        for (String trick : TRICKS) {
            try (var smtp = Wire.connect(port, from)) {
                smtp.reply();
                smtp.command("EHLO client.test");
                String mail = smtp.last("MAIL FROM:<someone@remote.test>");
                String reply = smtp.last("RCPT TO:<" + trick + ">");
                assertThat(reply).as("RCPT TO:<%s> on port %d after %s", trick, port, mail).matches("5\\d\\d .*");
                if (reply.startsWith("2")) {
                    accepted.add(trick);
                }
                assertThat(smtp.last("DATA")).startsWith("503 ");
            }
        }
        assertThat(accepted).isEmpty();
    }
}
