package dev.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.pop3.Pop3Settings.PlaintextLogin;
import dev.postern.pop3.Pop3Settings.Stls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's fetchmail with {@code keep} and {@code uidl}: "leave a copy on the server" must never
 * download a message twice, and must download every new one.
 */
class FetchmailEndToEndTest {

    @TempDir
    Path temp;

    private Pop3Fixture fixture;
    private ServerSocket server;

    @BeforeEach
    void start() throws IOException {
        assertThat(Path.of("/usr/bin/fetchmail")).as("fetchmail is needed: apt-get install fetchmail").exists();
        fixture = new Pop3Fixture(Files.createDirectory(temp.resolve("data")));
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        var settings = Pop3Settings.defaults("pop.example.org", Stls.NOT_OFFERED, PlaintextLogin.ALLOWED);
        var opener = new MaildirMaildrops(fixture.maildrops);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try {
                            new Pop3Session(new LoopbackConnection(socket, Optional.empty()), settings,
                                    fixture::authenticate, opener, LoginListener.NONE).run();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void keep_with_uidl_downloads_each_message_once() throws Exception {
        Path inbox = temp.resolve("fetched");
        Path rc = temp.resolve("fetchmailrc");
        Files.writeString(rc, """
                set no syslog
                poll 127.0.0.1 protocol pop3 port %d uidl no envelope
                  user "alice@example.org" password "secret" is root here
                  keep sslproto '' mda "/bin/sh -c 'cat >> %s; echo ==== >> %s'"
                """.formatted(server.getLocalPort(), inbox, inbox));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));

        fetchmail(rc);
        assertThat(messagesIn(inbox)).isEqualTo(3);
        assertThat(Files.readString(inbox)).contains("Subject: one", ".dot line", "Subject: two", "Subject: three");

        fetchmail(rc);
        assertThat(messagesIn(inbox)).as("a second poll downloads nothing again").isEqualTo(3);

        fixture.deliver("alice@example.org", 4, "Subject: four\r\n\r\nnew one\r\n");
        fetchmail(rc);
        assertThat(messagesIn(inbox)).isEqualTo(4);
        assertThat(Files.readString(inbox)).contains("Subject: four");
        assertThat(fixture.files("alice@example.org", "cur")).hasSize(4);
    }

    private static long messagesIn(Path inbox) throws IOException {
        return Files.exists(inbox) ? Files.readAllLines(inbox).stream().filter("===="::equals).count() : 0;
    }

    private void fetchmail(Path rc) throws Exception {
        Process process = new ProcessBuilder("fetchmail", "--fetchmailrc", rc.toString(),
                "--idfile", temp.resolve("fetchids").toString(), "--pidfile", temp.resolve("fetchmail.pid").toString(),
                "--nodetach", "-v")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("fetchmail finished").isTrue();
        // fetchmail exits 1 when there was no new mail, 0 when it fetched some
        assertThat(process.exitValue()).as("fetchmail exit status; output:%n%s", output).isIn(0, 1);
    }
}
