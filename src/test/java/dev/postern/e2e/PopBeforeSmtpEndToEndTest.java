package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.cli.PosternCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP-before-SMTP on the real server: Python's poplib logs in (STLS on {@code pop3}, implicit TLS
 * on {@code pop3s}) from 127.0.0.1, and from then on SMTP from 127.0.0.1 may relay on every SMTP
 * listener, while 127.0.0.2 may not; a failed login grants nothing; a short window expires; the
 * admin sees the grant with {@code postern grants list}. Each test starts from no grant (revoked).
 */
class PopBeforeSmtpEndToEndTest {

    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "secret-password";
    private static final String REMOTE = "x@remote.test";

    @TempDir
    static Path dir;

    static E2eServer server;
    /** The second {@code smtp.listen} address (an alternate port, like 2525 next to 25). */
    static int alternateSmtpPort;

    @BeforeAll
    static void start() throws Exception {
        alternateSmtpPort = freeLoopbackPort();
        server = E2eServer.configure(dir, "", USER);
        // a second smtp.listen address, as a host would add port 2525 next to 25
        String config = Files.readString(server.config).replace("smtp.listen = 127.0.0.1:0\n",
                "smtp.listen = 127.0.0.1:0, 127.0.0.1:" + alternateSmtpPort + "\n");
        assertThat(config).contains("127.0.0.1:" + alternateSmtpPort);
        Files.writeString(server.config, config);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void noGrant() {
        server.cli("", "grants", "revoke", "127.0.0.1");
    }

    @Test
    void relayIsRefusedBeforeAnyLoginWithBothCuresAndAFailedLoginGrantsNothing() throws Exception {
        assertRefusedWithBothCures(server.port("smtp"));
        assertRefusedWithBothCures(alternateSmtpPort);

        var failed = poplib("stls", server.port("pop3"), "wrong-password");
        assertThat(failed.ok()).as(failed.toString()).isFalse();
        assertThat(failed.stderr()).contains("-ERR [AUTH] Authentication failed");

        assertRefusedWithBothCures(server.port("smtp"));
        assertRefusedWithBothCures(alternateSmtpPort);
        assertThat(grantsList(server.config)).noneMatch(line -> line.startsWith("127.0.0.1 "));
    }

    @Test
    void anStlsLoginLetsThatAddressRelayOnEverySmtpListenerButNotAnother() throws Exception {
        var login = poplib("stls", server.port("pop3"), PASSWORD);
        assertThat(login.ok()).as(login.toString()).isTrue();

        String queued = relay(server.port("smtp"), "127.0.0.1");
        assertThat(Files.exists(server.queueActive().resolve(queued)))
                .as("remote delivery is not there yet: %s stays queued", queued).isTrue();
        relay(alternateSmtpPort, "127.0.0.1");
        assertThat(rcptFrom(server.port("smtp"), "127.0.0.2")).startsWith("550 5.7.1 ");
        assertThat(rcptFrom(alternateSmtpPort, "127.0.0.2")).startsWith("550 5.7.1 ");

        assertThat(grantsList(server.config)).anySatisfy(line ->
                assertThat(line.split("\\s+")).startsWith("127.0.0.1", USER));
    }

    @Test
    void anImplicitTlsLoginGrantsToo() throws Exception {
        var login = poplib("ssl", server.port("pop3s"), PASSWORD);
        assertThat(login.ok()).as(login.toString()).isTrue();

        relay(server.port("smtp"), "127.0.0.1");
        relay(alternateSmtpPort, "127.0.0.1");
    }

    @Test
    void theGrantExpiresAtTheEndOfAShortWindow(@TempDir Path shortDir) throws Exception {
        try (var shortWindow = E2eServer.configure(shortDir, "pop_before_smtp.window = 2s", USER).start()) {
            assertThat(rcptFrom(shortWindow.port("smtp"), "127.0.0.1")).startsWith("550 5.7.1 ");
            try (Wire wire = Wire.connect(shortWindow.port("smtp"))) {
                // the transaction is open before the login, so RCPT follows it within the window
                greet(wire);
                assertThat(wire.command("MAIL FROM:<" + USER + ">").getLast()).startsWith("250 ");
                var login = poplib("stls", shortWindow.port("pop3"), PASSWORD);
                assertThat(login.ok()).as(login.toString()).isTrue();
                assertThat(wire.command("RCPT TO:<" + REMOTE + ">").getLast()).startsWith("250 ");
            }
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> rcptFrom(shortWindow.port("smtp"), "127.0.0.1").startsWith("550 5.7.1 "));
            assertThat(grantsList(shortWindow.config)).noneMatch(line -> line.startsWith("127.0.0.1 "));
        }
    }

    private static void assertRefusedWithBothCures(int port) throws IOException {
        try (Wire wire = Wire.connect(port)) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<" + USER + ">").getLast()).startsWith("250 ");
            List<String> refusal = wire.command("RCPT TO:<" + REMOTE + ">");
            assertThat(refusal.getLast()).startsWith("550 5.7.1 ");
            String text = String.join("\n", refusal);
            assertThat(text).contains("authenticate", "remote.test", "check your mail (POP3) first");
        }
    }

    /** Sends one message to the remote recipient from {@code local}; returns its queue id. */
    private static String relay(int port, String local) throws IOException {
        String token = "pop-before-smtp-" + UUID.randomUUID();
        try (Wire wire = Wire.connect(port, local)) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<" + USER + ">").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<" + REMOTE + ">").getLast()).as("RCPT on port %d", port).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + token + "\r\n\r\nchecked my mail first\r\n.\r\n").getBytes(ISO_8859_1));
            String queued = wire.last();
            assertThat(queued).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
            return queued.substring("250 2.0.0 Ok: queued as ".length()).trim();
        }
    }

    /** The reply to RCPT TO the remote recipient, from a client bound to {@code local}. */
    private static String rcptFrom(int port, String local) throws IOException {
        try (Wire wire = Wire.connect(port, local)) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<" + USER + ">").getLast()).startsWith("250 ");
            return wire.command("RCPT TO:<" + REMOTE + ">").getLast();
        }
    }

    private static void greet(Wire wire) throws IOException {
        assertThat(wire.last()).startsWith("220 ");
        assertThat(wire.command("EHLO client.test").getLast()).startsWith("250 ");
    }

    /** Python's poplib from 127.0.0.1: log in as alice, STAT, LIST, UIDL, QUIT ({@code stls} or {@code ssl}). */
    private static ExternalClient.Result poplib(String mode, int port, String password)
            throws IOException, InterruptedException {
        return ExternalClient.python("poplib_session.py", "127.0.0.1", String.valueOf(port), USER, password,
                "keep", mode);
    }

    /** {@code postern grants list} in-process on the running server's config, as an admin would. */
    private static List<String> grantsList(Path config) {
        var out = new StringWriter();
        var command = PosternCommand.commandLine(new PosternCommand(new ByteArrayInputStream(new byte[0])));
        command.setOut(new PrintWriter(out, true));
        assertThat(command.execute("grants", "list", "--config", config.toString())).isZero();
        return out.toString().lines().toList();
    }

    /**
     * A port nothing listens on now, for the second {@code smtp.listen} address: {@code Postern}
     * reports the port of a listener's first address only, so the second must be known up front.
     */
    private static int freeLoopbackPort() throws IOException {
        try (var probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
