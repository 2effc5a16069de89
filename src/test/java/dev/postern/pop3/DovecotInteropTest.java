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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postern and Debian's Dovecot ({@code dovecot-pop3d}, on a loopback port with a throwaway
 * config, see {@code e2e/dovecot_pop3.py}) serve the same Maildir, in both orders, and Python's
 * poplib must see the same sizes, UIDLs and contents from both.
 */
class DovecotInteropTest {

    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    @TempDir
    Path temp;

    private Path dataDir;
    private Pop3Fixture fixture;
    private ServerSocket server;

    @BeforeEach
    void start() throws IOException {
        assertThat(DOVECOT).as("Dovecot is needed: apt-get install dovecot-pop3d (.ci/run installs it)").exists();
        // Dovecot serves mail as Debian's "mail" user, which must be able to walk down to the Maildir
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        dataDir = Files.createDirectory(temp.resolve("data"));
        fixture = new Pop3Fixture(dataDir);
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        var settings = Pop3Settings.defaults("pop.example.org", Stls.NOT_OFFERED, PlaintextLogin.ALLOWED);
        var opener = new MaildirMaildrops(fixture.maildrops);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serve(socket, settings, opener));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void serve(Socket socket, Pop3Settings settings, MaildropOpener opener) {
        try {
            new Pop3Session(new LoopbackConnection(socket, Optional.empty()), settings, fixture::authenticate,
                    opener, LoginListener.NONE).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void dovecot_serves_a_maildir_that_postern_delivered_and_served_with_equal_sizes_and_uidls() throws Exception {
        List<String> postern = mailView(postern("alice@example.org", "secret"));
        assertThat(postern).contains("uidl 1 000000016553f100", "list 1 64");
        List<String> dovecot = mailView(dovecot("alice@example.org", "secret", "first"));
        assertThat(dovecot).isEqualTo(postern);
    }

    @Test
    void postern_serves_a_maildir_that_dovecot_wrote_with_equal_sizes_and_uidls() throws Exception {
        Path maildir = fixture.maildrops.maildirOf("carol@example.org");
        Files.createDirectories(maildir.resolve("new"));
        // another MDA's files: LF line ends, only S= (or nothing) in the name
        Files.writeString(maildir.resolve("new/1690000001.M1P9Q1.mx,S=30"), "Subject: lf\n\nline one\n.dotted\n");
        Files.writeString(maildir.resolve("new/1690000002.M2P9Q2.mx"), "Subject: bare\n\nno sizes\n");
        List<String> dovecotFirst = mailView(dovecot("carol@example.org", "pw", "first"));
        assertThat(dovecotFirst).hasSize(7);

        fixture.deliver("carol@example.org", 9, "Subject: later\r\n\r\nafter dovecot\r\n");
        List<String> postern = mailView(postern("carol@example.org", "pw"));
        assertThat(postern).containsAll(dovecotFirst.stream().filter(l -> !l.startsWith("stat")).toList());
        List<String> dovecotAgain = mailView(dovecot("carol@example.org", "pw", "again"));
        assertThat(dovecotAgain).isEqualTo(postern);
    }

    /** The lines that must agree between servers (greetings and sign-off texts differ). */
    private static List<String> mailView(List<String> lines) {
        return lines.stream().filter(l -> l.matches("(stat|list|uidl|retr) .*")).toList();
    }

    private List<String> postern(String user, String password) throws Exception {
        Path script = resource("/e2e/poplib_session.py");
        return run(Pop3Fixture.PYTHON, script.toString(), "127.0.0.1", String.valueOf(server.getLocalPort()),
                user, password, "keep", "plain");
    }

    private List<String> dovecot(String user, String password, String run) throws Exception {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        Path script = resource("/e2e/dovecot_pop3.py");
        return run(Pop3Fixture.PYTHON, script.toString(), temp.resolve("dovecot-" + run).toString(), dataDir.toString(),
                String.valueOf(port), user, password);
    }

    private Path resource(String name) throws Exception {
        return Path.of(Objects.requireNonNull(getClass().getResource(name)).toURI());
    }

    private static List<String> run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[1]).isTrue();
        assertThat(process.exitValue()).as("%s exit status; output:%n%s", command[1], output).isZero();
        return output.lines().toList();
    }
}
