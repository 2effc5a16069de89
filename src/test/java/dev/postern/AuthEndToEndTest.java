package dev.postern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.accounts.AccountStore;
import dev.postern.auth.PasswordHash;
import dev.postern.config.SettingsLoader;
import dev.postern.e2e.ExternalClient;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP AUTH over real sockets against {@link Postern#start}, with clients nobody here wrote:
 * Python's smtplib ({@code starttls()}, {@code login()}, {@code SMTP_SSL}) and swaks, on the smtp
 * (25-role), submission (587-role) and submissions (465-role) listeners, all on 127.0.0.1:0.
 */
class AuthEndToEndTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    private Postern postern;

    @BeforeEach
    void start() throws Exception {
        Path config = Files.writeString(dir.resolve("postern.conf"), """
                hostname = mx.example.test
                data_dir = %s
                smtp.listen = 127.0.0.1:0, 127.0.0.1:0
                submission.listen = 127.0.0.1:0
                submissions.listen = 127.0.0.1:0
                pop3.listen =
                pop3s.listen =
                # no DNS server listens there: remote mail defers, never a live lookup
                dns.servers = 127.0.0.1:9
                """.formatted(dir.resolve("data")));
        postern = Postern.start(SettingsLoader.load(Optional.of(config)));
        try (var accounts = AccountStore.open(dir.resolve("data/postern.db"))) {
            accounts.addDomain("example.test");
            accounts.addUser("alice@example.test", PasswordHash.hash(PASSWORD.toCharArray()));
        }
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
    }

    private static ExternalClient.Result smtplib(String... arguments) throws Exception {
        var command = new ArrayList<>(List.of(python(), script("auth_login.py").toString()));
        command.addAll(List.of(arguments));
        var result = ExternalClient.run(command, ExternalClient.DEFAULT_TIMEOUT);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private ExternalClient.Result send(String listener, String mode, String... more) throws Exception {
        var arguments = new ArrayList<>(List.of("--port", String.valueOf(postern.port(listener)), "--mode", mode,
                "--mail-from", "alice@example.test", "--rcpt", "friend@remote.test"));
        arguments.addAll(List.of(more));
        return smtplib(arguments.toArray(String[]::new));
    }

    @Test
    void smtplibLogsInAfterStartTlsOnTheSmtpPortAndRelays() throws Exception {
        var result = send("smtp", "starttls", "--user", "alice@example.test", "--password", PASSWORD);

        assertThat(result.stdout()).contains("EHLO-AUTH PLAIN LOGIN", "LOGIN 235 2.7.0 Authentication successful",
                "RCPT 250", "DATA 250 2.0.0 Ok: queued as");
        String queued = queuedText();
        assertThat(queued).contains("with ESMTPSA").doesNotContain(PASSWORD);
    }

    /** Everything in the queue directory, to look for the Received: header (and for leaks). */
    private String queuedText() throws Exception {
        var text = new StringBuilder();
        try (var files = Files.walk(dir.resolve("data/queue"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    @Test
    void curlWithSslReqdAndUserOnSmtpAndImplicitTls() throws Exception {
        Path message = Files.writeString(dir.resolve("m.eml"),
                "From: <alice@example.test>\r\nTo: <friend@remote.test>\r\nSubject: curl\r\n\r\nhello\r\n");
        for (String url : List.of("smtp://127.0.0.1:" + postern.port("smtp"),
                "smtps://127.0.0.1:" + postern.port("submissions"))) {
            var result = ExternalClient.run(List.of("curl", "--silent", "--show-error", "--ssl-reqd", "--insecure",
                    "--user", "alice@example.test:" + PASSWORD, "--mail-from", "alice@example.test",
                    "--mail-rcpt", "friend@remote.test", "--upload-file", message.toString(), url),
                    ExternalClient.DEFAULT_TIMEOUT);
            assertThat(result.exitCode()).as(url + " " + result).isZero();
        }
        var refused = ExternalClient.run(List.of("curl", "--silent", "--show-error", "--ssl-reqd", "--insecure",
                "--user", "alice@example.test:wrong", "--mail-from", "alice@example.test",
                "--mail-rcpt", "friend@remote.test", "--upload-file", message.toString(),
                "smtps://127.0.0.1:" + postern.port("submissions")), ExternalClient.DEFAULT_TIMEOUT);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(67); // curl: login denied
    }

    @Test
    void withoutAuthTheSmtpPortRefusesToRelayAndNamesTheCure() throws Exception {
        var result = send("smtp", "starttls");

        assertThat(result.stdout()).contains("MAIL 250", "RCPT 550 5.7.1 Relaying denied", "requires authentication").doesNotContain("DATA");
    }

    @Test
    void inClearAuthIsNotOfferedOnTheSmtpPort() throws Exception {
        var result = smtplib("--port", String.valueOf(postern.port("smtp")), "--mode", "plain");

        assertThat(result.stdout()).contains("EHLO-AUTH -");
    }

    @Test
    void submissionNeedsAuthThenTakesLoginStepByStep() throws Exception {
        var refused = send("submission", "starttls");
        assertThat(refused.stdout()).contains("MAIL 530 5.7.0 Authentication required");

        var result = send("submission", "starttls", "--mechanism", "LOGIN", "--user", "alice@example.test",
                "--password", PASSWORD);
        assertThat(result.stdout()).contains("LOGIN 235", "RCPT 250", "DATA 250 2.0.0 Ok: queued as");
    }

    @Test
    void implicitTlsSubmissionWithSmtpSsl() throws Exception {
        var result = send("submissions", "ssl", "--user", "alice@example.test", "--password", PASSWORD);

        assertThat(result.stdout()).contains("LOGIN 235", "DATA 250 2.0.0 Ok: queued as");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
        var wrong = smtplib("--port", String.valueOf(postern.port("submissions")), "--mode", "ssl",
                "--mechanism", "PLAIN", "--user", "alice@example.test", "--password", "guess");
        var unknown = smtplib("--port", String.valueOf(postern.port("submissions")), "--mode", "ssl",
                "--mechanism", "PLAIN", "--user", "nobody@example.test", "--password", "guess");

        assertThat(wrong.stdout()).contains("LOGIN 535 5.7.8 Error: authentication failed");
        assertThat(unknown.stdout()).contains("LOGIN 535 5.7.8 Error: authentication failed");
    }

    @Test
    void swaksPlainAndLoginOverStartTlsAndImplicitTls() throws Exception {
        var plain = swaks(postern.port("smtp"), "--tls", "--auth", "PLAIN");
        var login = swaks(postern.port("submission"), "--tls", "--auth", "LOGIN");
        var implicit = swaks(postern.port("submissions"), "--tls-on-connect", "--auth", "LOGIN");

        for (var result : List.of(plain, login, implicit)) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).as(result.toString())
                    .contains("235 2.7.0 Authentication successful", "250 2.0.0 Ok: queued as");
        }
    }

    /** An alternate SMTP port (a host's 2525 or 50 next to 25) behaves exactly like the first. */
    @Test
    void theAlternateSmtpPortTakesAuthLikePort25() throws Exception {
        assertThat(postern.ports("smtp")).hasSize(2);
        int alternate = postern.ports("smtp").get(1);

        var result = swaks(alternate, "--tls", "--auth", "PLAIN");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString())
                .contains("235 2.7.0 Authentication successful", "250 2.0.0 Ok: queued as");
        var refused = ExternalClient.swaks("--server", "127.0.0.1:" + alternate, "--helo", "client.test",
                "--from", "alice@example.test", "--to", "friend@remote.test", "--quit-after", "RCPT",
                "--timeout", "30");
        assertThat(refused.stdout()).as(refused.toString()).contains("550 5.7.1");
    }

    @Test
    void theThrottleHoldsTheHammeringAddressOnly() throws Exception {
        String port = String.valueOf(postern.port("submissions"));
        var hammer = smtplib("--port", port, "--mode", "ssl", "--source", "127.0.0.9", "--mechanism", "PLAIN",
                "--user", "alice@example.test", "--password", "guess", "--attempts", "6");
        assertThat(hammer.stdout().lines().filter(l -> l.startsWith("LOGIN 535"))).hasSize(5);
        assertThat(hammer.stdout()).contains("LOGIN 454 4.7.0 Error: too many failed logins, try again in");

        var later = smtplib("--port", port, "--mode", "ssl", "--source", "127.0.0.9", "--mechanism", "PLAIN",
                "--user", "alice@example.test", "--password", PASSWORD);
        assertThat(later.stdout()).contains("LOGIN 454 4.7.0");

        var neighbour = smtplib("--port", port, "--mode", "ssl", "--source", "127.0.0.10", "--mechanism", "PLAIN",
                "--user", "alice@example.test", "--password", PASSWORD);
        assertThat(neighbour.stdout()).contains("LOGIN 235 2.7.0 Authentication successful");

        // The CLI, another process in real life, sees the server's ban and lifts it.
        assertThat(cli("auth", "status")).contains("127.0.0.9");
        assertThat(cli("auth", "unban", "127.0.0.9")).contains("unbanned 127.0.0.9");
        var released = smtplib("--port", port, "--mode", "ssl", "--source", "127.0.0.9", "--mechanism", "PLAIN",
                "--user", "alice@example.test", "--password", PASSWORD);
        assertThat(released.stdout()).contains("LOGIN 235 2.7.0 Authentication successful");
    }

    private String cli(String... args) throws Exception {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", dir.resolve("postern.conf").toString()));
        var out = new java.io.StringWriter();
        var line = dev.postern.cli.PosternCommand.commandLine();
        line.setOut(new java.io.PrintWriter(out, true));
        assertThat(line.execute(all.toArray(String[]::new))).as(out.toString()).isZero();
        return out.toString();
    }

    private static ExternalClient.Result swaks(int port, String... options) throws Exception {
        var arguments = new ArrayList<>(List.of("--server", "127.0.0.1:" + port, "--helo", "client.test",
                "--from", "alice@example.test", "--to", "friend@remote.test",
                "--auth-user", "alice@example.test", "--auth-password", PASSWORD, "--timeout", "30"));
        arguments.addAll(List.of(options));
        return ExternalClient.swaks(arguments.toArray(String[]::new));
    }

    private static Path script(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(AuthEndToEndTest.class.getResource(name), name).toURI());
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
