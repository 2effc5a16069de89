package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.cli.PosternCommand;
import dev.postern.metrics.PrometheusParser;
import dev.postern.metrics.PrometheusParser.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics page, parsed by the Prometheus project's own parser, moves as Python's smtplib sends
 * mail that is delivered; {@code postern explain} answers after a refused relay, a failed AUTH and
 * an expired POP-before-SMTP grant (a 2-second window).
 */
class ObservabilityEndToEndTest {

    private static final String USER = "alice@example.test";
    private static final Duration EVENTS = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static E2eServer server;

    @BeforeAll
    static void start() throws Exception {
        server = E2eServer.configure(dir, "pop_before_smtp.window = 2s", USER).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void countersMoveAsSmtplibSendsMailThatIsDelivered() throws Exception {
        Samples before = scrape();
        String token = "metrics-" + UUID.randomUUID();
        Path eml = dir.resolve(token + ".eml");
        Files.writeString(eml, "Subject: " + token + "\r\n\r\ncounted\r\n", ISO_8859_1);

        var sent = ExternalClient.python("send.py", "--port", String.valueOf(server.port("smtp")),
                "--from", "someone@remote.test", "--to", USER, "--eml", eml.toString());
        assertThat(sent.ok()).as(sent.toString()).isTrue();
        server.awaitMailWith("alice", token);
        server.awaitQueueEmpty();

        Samples after = scrape();
        assertThat(delta(before, after, "postern_messages_accepted_total")).isEqualTo(1);
        assertThat(delta(before, after, "postern_smtp_replies_total", "code", "250", "command", "DATA")).isEqualTo(1);
        assertThat(delta(before, after, "postern_smtp_replies_total", "code", "354", "command", "DATA")).isEqualTo(1);
        assertThat(delta(before, after, "postern_connections_total", "listener", "smtp")).isEqualTo(1);
        assertThat(delta(before, after, "postern_deliveries_total", "outcome", "delivered", "relay", "local"))
                .isEqualTo(1);
        // delivered at intake (delivery.local_at_intake): straight into the Maildir, no queue file
        assertThat(delta(before, after, "postern_queue_fsync_batches_total")).isZero();
        assertThat(delta(before, after, "postern_mailbox_fsync_batches_total")).isEqualTo(1);
        assertThat(after.get("postern_queue_messages")).isZero();
        assertThat(after.get("postern_queue_oldest_age_seconds")).isZero();
        assertThat(after.get("postern_sessions_active", "listener", "smtp")).isZero();
    }

    @Test
    void explainSaysWhyARelayWasRefusedFromAClientWithoutAGrant() throws Exception {
        Samples before = scrape();
        try (Wire wire = Wire.connect(server.port("smtp"), "127.0.0.9")) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<" + USER + ">").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<y@remote.test>").getLast()).startsWith("550 5.7.1 ");
        }

        String expected = " RCPT to y@remote.test from 127.0.0.9 (sender <alice@example.test>) refused: not"
                + " authenticated; this IP has no POP-before-SMTP grant (no POP3 login from it recorded)."
                + " Fix: turn on SMTP authentication, or check mail before sending.";
        await().atMost(EVENTS).untilAsserted(() -> assertThat(explain("127.0.0.9"))
                .singleElement().asString().matches("\\d\\d:\\d\\d .*").endsWith(expected));
        Samples after = scrape();
        assertThat(delta(before, after, "postern_messages_refused_total", "reason", "relay_denied")).isEqualTo(1);
        assertThat(delta(before, after, "postern_smtp_replies_total", "code", "550", "command", "RCPT")).isEqualTo(1);
    }

    @Test
    void explainSaysALoginFailedAndWhatToCheck() throws Exception {
        Samples before = scrape();
        Path eml = dir.resolve("auth.eml");
        Files.writeString(eml, "Subject: wrong password\r\n\r\nnot sent\r\n", ISO_8859_1);

        var failed = ExternalClient.python("send.py", "--port", String.valueOf(server.port("submission")),
                "--mode", "starttls", "--auth", USER + ":not-the-password", "--from", USER,
                "--to", "y@remote.test", "--eml", eml.toString());
        assertThat(failed.ok()).as(failed.toString()).isFalse();
        assertThat(failed.stdout()).contains("FINAL 535");

        await().atMost(EVENTS).untilAsserted(() -> assertThat(explain(USER)).anySatisfy(line -> assertThat(line)
                .endsWith(" SMTP login as alice@example.test from 127.0.0.1 failed: wrong user name or password."
                        + " Fix: check the user name (the whole address) and the password in the mail program;"
                        + " postern user passwd ADDRESS sets a new password.")));
        // smtplib tries PLAIN, then LOGIN: each refusal (535) is one failure counted
        Samples after = scrape();
        double refusals = delta(before, after, "postern_smtp_replies_total", "code", "535", "command", "AUTH");
        assertThat(refusals).isPositive();
        assertThat(delta(before, after, "postern_auth_failures_total", "protocol", "smtp")).isEqualTo(refusals);
    }

    @Test
    void explainSaysWhenThePopBeforeSmtpGrantExpired() throws Exception {
        Samples before = scrape();
        var login = ExternalClient.python("poplib_session.py", "127.0.0.1", String.valueOf(server.port("pop3")), USER,
                "secret-password", "keep", "stls");
        assertThat(login.ok()).as(login.toString()).isTrue();
        // the 2-second window passes; then the same address tries to relay
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> relayRefused("127.0.0.1"));

        await().atMost(EVENTS).untilAsserted(() -> {
            List<String> lines = explain("127.0.0.1");
            assertThat(lines).anySatisfy(line -> assertThat(line).contains(" POP3 login as alice@example.test from"
                    + " 127.0.0.1: this IP may send without SMTP authentication until "));
            assertThat(lines.getLast()).contains(" RCPT to z@remote.test from 127.0.0.1 (sender <alice@example.test>)"
                    + " refused: not authenticated; this IP's POP-before-SMTP grant expired at ")
                    .contains(" (2-second window). Fix: turn on SMTP authentication, or check mail before sending.");
        });
        Samples after = scrape();
        assertThat(delta(before, after, "postern_pop_before_smtp_grants_total")).isEqualTo(1);
        assertThat(delta(before, after, "postern_pop3_logins_total")).isEqualTo(1);
        assertThat(delta(before, after, "postern_connections_total", "listener", "pop3")).isEqualTo(1);
    }

    /** RCPT from {@code local} to a remote address; true when refused (the grant has expired). */
    private static boolean relayRefused(String local) throws IOException {
        return rcptFrom(local).startsWith("550 5.7.1 ");
    }

    private static String rcptFrom(String local) throws IOException {
        try (Wire wire = Wire.connect(server.port("smtp"), local)) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<" + USER + ">").getLast()).startsWith("250 ");
            return wire.command("RCPT TO:<z@remote.test>").getLast();
        }
    }

    private static void greet(Wire wire) throws IOException {
        assertThat(wire.last()).startsWith("220 ");
        assertThat(wire.command("EHLO client.test").getLast()).startsWith("250 ");
    }

    private static Samples scrape() throws IOException, InterruptedException {
        return PrometheusParser.parse(server.postern().observability().scrape());
    }

    /** Labels as name, value pairs in sorted name order (the parser's JSON order). */
    private static double delta(Samples before, Samples after, String name, String... labels) {
        return after.get(name, labels) - before.getOrZero(name, labels);
    }

    /** {@code postern explain TARGET} in-process on the running server's config, as an admin would. */
    private static List<String> explain(String target) {
        var out = new StringWriter();
        var command = PosternCommand.commandLine(new PosternCommand(new ByteArrayInputStream(new byte[0])));
        command.setOut(new PrintWriter(out, true));
        assertThat(command.execute("explain", target, "--config", server.config.toString())).isZero();
        return out.toString().lines().toList();
    }
}
