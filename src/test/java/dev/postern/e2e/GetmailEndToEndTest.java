package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's getmail6 (POP3 over implicit TLS, {@code read_all = false}, {@code delete = false})
 * against the real server: it remembers what it fetched by UIDL, so a second run downloads
 * nothing and a third fetches only the message delivered in between, leaving all on the server.
 * getmail hands each message to {@code sh -c 'cat > file'}, one file per message.
 */
class GetmailEndToEndTest {

    @TempDir
    static Path dir;

    static E2eServer server;

    @BeforeAll
    static void start() throws Exception {
        server = E2eServer.configure(dir, "", "alice@example.test").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSecondRunDownloadsNothingAndAThirdOnlyWhatArrivedBetween() throws Exception {
        deliver("first-message");
        deliver("second-message");
        server.awaitMail("alice", 2);
        Path getmailDir = Files.createDirectories(dir.resolve("getmail"));
        Path destination = Files.createDirectories(dir.resolve("fetched"));
        Path rc = getmailDir.resolve("getmailrc");
        Files.writeString(rc, """
                [retriever]
                type = SimplePOP3SSLRetriever
                server = 127.0.0.1
                port = %d
                username = alice@example.test
                password = secret-password

                [destination]
                # an external command, not getmail's Maildir writer: that one refuses to run as root
                type = MDA_external
                path = /bin/sh
                arguments = ("-c", "cat > \\"$(mktemp %s/message.XXXXXX)\\"")
                allow_root_commands = true

                [options]
                read_all = false
                delete = false
                verbose = 1
                """.formatted(server.port("pop3s"), destination));

        var first = getmail(getmailDir, rc);
        assertThat(first.stdout() + first.stderr()).contains("2 messages (").contains("retrieved, 0 skipped");
        assertThat(fetched(destination)).hasSize(2)
                .anyMatch(m -> m.contains("first-message")).anyMatch(m -> m.contains("second-message"));

        var second = getmail(getmailDir, rc);
        assertThat(second.stdout() + second.stderr()).contains("0 messages (0 bytes) retrieved, 2 skipped");
        assertThat(fetched(destination)).hasSize(2);

        deliver("third-message");
        server.awaitMail("alice", 1); // the POP3 logins moved the first two to cur/, as Dovecot does
        var third = getmail(getmailDir, rc);
        assertThat(third.stdout() + third.stderr()).contains("1 messages (").contains("retrieved, 2 skipped");
        assertThat(fetched(destination)).hasSize(3).filteredOn(m -> m.contains("third-message")).hasSize(1);
        assertThat(server.newMail("alice").size() + curMail().size()).as("nothing deleted on the server").isEqualTo(3);
    }

    private static ExternalClient.Result getmail(Path getmailDir, Path rc) throws IOException, InterruptedException {
        var result = ExternalClient.run(List.of("getmail", "--getmaildir", getmailDir.toString(),
                "--rcfile", rc.toString()), ExternalClient.DEFAULT_TIMEOUT);
        assertThat(result.ok()).as(result.toString()).isTrue();
        return result;
    }

    private static void deliver(String subject) throws IOException {
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO client.test").getLast()).startsWith("250 ");
            assertThat(wire.command("MAIL FROM:<sender@elsewhere.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<alice@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + subject + "\r\n\r\nfor getmail\r\n.\r\n").getBytes(ISO_8859_1));
            assertThat(wire.last()).startsWith("250 ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
    }

    /** The contents of every message getmail handed to its delivery command. */
    private static List<String> fetched(Path destination) throws IOException {
        List<String> contents = new ArrayList<>();
        try (Stream<Path> files = Files.list(destination)) {
            for (Path file : files.toList()) {
                contents.add(Files.readString(file, ISO_8859_1));
            }
        }
        return contents;
    }

    private static List<Path> curMail() throws IOException {
        try (Stream<Path> files = Files.list(server.maildir("alice").resolve("cur"))) {
            return files.toList();
        }
    }
}
