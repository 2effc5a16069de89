package dev.postern.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.cli.PosternCommand;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sending limits over real sockets (docs/LIMITS.md): Python's smtplib submits, Postern relays
 * by {@code delivery.routes} to Postfix's smtp-sink, which answers 550 to every RCPT for
 * fail.test and takes mail for ok.test; the limits are read and lifted with the CLI. The window is
 * rolling here, so a run that straddles a full hour cannot see its counts reset (the clock-hour
 * boundaries are tested with an injected clock in SendingLimitsTest).
 */
class SendingLimitsEndToEndTest {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;
    @TempDir
    static Path sinkDir;

    static SmtpSink failing;
    static SmtpSink accepting;
    static SmtpSink deferring;
    static E2eServer server;

    @BeforeAll
    static void start() throws Exception {
        failing = SmtpSink.start(sinkDir, "-f", "RCPT");
        accepting = SmtpSink.start(sinkDir);
        deferring = SmtpSink.start(sinkDir, "-r", "RCPT");
        server = E2eServer.configure(dir, """
                relay.trusted_networks = 127.0.0.1/32
                delivery.routes = fail.test=127.0.0.1:%d, ok.test=127.0.0.1:%d, later.test=127.0.0.1:%d
                limits.window = rolling
                limits.min_defer_fail_to_trigger = 3
                """.formatted(failing.address().getPort(), accepting.address().getPort(),
                        deferring.address().getPort()),
                "alice@example.test");
        server.cli("", "domain", "add", "shop.test");
        server.cli("secret-password\n", "user", "add", "web@shop.test", "--password-stdin");
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (failing != null) {
            failing.close();
        }
        if (accepting != null) {
            accepting.close();
        }
        if (deferring != null) {
            deferring.close();
        }
    }

    @Test
    void afterTheThresholdTheNextSendIsRefusedAtMailFromUntilReset() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(submit("alice@example.test", "someone@fail.test").stdout()).contains("FINAL 250 ");
        }
        await().atMost(E2eServer.DELIVERY).until(() -> limits("status", "example.test").contains(" 3 "));

        Instant before = Instant.now();
        var refused = submit("alice@example.test", "someone@ok.test");
        Instant after = Instant.now();
        assertThat(refused.stdout()).containsAnyOf(
                blockedLine("example.test", before), blockedLine("example.test", after));

        String status = limits("status", "example.test");
        assertThat(status).containsPattern("example\\.test +0 +0 +3 +100% +3  blocked until \\d\\d:\\d\\d UTC");
        assertThat(status).contains("min_defer_fail_to_trigger=3");

        assertThat(limits("reset", "example.test")).contains("reset example.test");
        assertThat(limits("status", "example.test")).containsPattern("example\\.test +0 +0 +0 +0% +0  ok");
        var token = "after-reset-" + UUID.randomUUID();
        assertThat(submit("alice@example.test", "someone@ok.test", token).stdout()).contains("FINAL 250 ");
        await().atMost(E2eServer.DELIVERY).until(() -> accepting.dump().contains(token));
    }

    /** 451 at RCPT: deferrals count like failures; flushing the queue retries them without counting again. */
    @Test
    void deferralsTripTheBlockToo() throws Exception {
        limits("set", "defer.test", "min_defer_fail_to_trigger=2");
        for (int i = 0; i < 2; i++) {
            assertThat(relay("app@defer.test", "someone@later.test").stdout()).contains("FINAL 250 ");
        }
        await().atMost(E2eServer.DELIVERY).until(() -> limits("status", "defer.test").contains("blocked until"));
        assertThat(limits("status", "defer.test")).containsPattern("defer\\.test +0 +2 +0 +100% +2  blocked");
        var refused = relay("app@defer.test", "someone@ok.test").stdout();
        assertThat(refused).contains("RCPT someone@ok.test 550 5.7.1 Domain defer.test has exceeded the max defers "
                + "and failures per hour (2/2 (100%)) allowed. Sending resumes at ");

        limits("reset", "defer.test");
        server.cli("", "queue", "flush");
        await().atMost(E2eServer.DELIVERY).until(() -> limits("status", "defer.test").contains("blocked until"));
        assertThat(limits("status", "defer.test")).as("counted afresh after the reset, once per recipient")
                .containsPattern("defer\\.test +0 +2 +0 +100% +0  blocked");
    }

    @Test
    void aRelayingClientIsRefusedAtRcptByItsEnvelopeSendersDomain() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(relay("app@relay.test", "someone@fail.test").stdout()).contains("FINAL 250 ");
        }
        await().atMost(E2eServer.DELIVERY).until(() -> limits("status", "relay.test").contains("blocked until"));

        Instant before = Instant.now();
        var refused = relay("app@relay.test", "someone@ok.test");
        Instant after = Instant.now();
        assertThat(refused.stdout()).containsAnyOf("RCPT someone@ok.test " + blockedLine("relay.test", before)
                .substring("FINAL ".length()), "RCPT someone@ok.test " + blockedLine("relay.test", after)
                .substring("FINAL ".length()));
        assertThat(relay("app@relay.test", "alice@example.test").stdout()).as("local mail is never limited")
                .contains("FINAL 250 ");
    }

    @Test
    void theHourlyCapHoldsOverTheLimitAndRefusesPastTheCutoff() throws Exception {
        assertThat(limits("set", "shop.test", "max_emails_per_hour=2", "defer_cutoff_percentage=150"))
                .contains("set max_emails_per_hour=2 defer_cutoff_percentage=150 for shop.test");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add("cap-" + i + "-" + UUID.randomUUID());
        }
        assertThat(submit("web@shop.test", "buyer@ok.test", tokens.get(0)).stdout()).containsPattern(
                "FINAL 250 2.0.0 Ok: queued as [0-9A-Z]{13}\n");
        assertThat(submit("web@shop.test", "buyer@ok.test", tokens.get(1)).stdout()).containsPattern(
                "FINAL 250 2.0.0 Ok: queued as [0-9A-Z]{13}\n");
        var held = submit("web@shop.test", "buyer@ok.test", tokens.get(2)).stdout();
        assertThat(held).containsPattern("FINAL 250 2.0.0 Ok: queued as [0-9A-Z]{13}; held: domain shop.test is over "
                + "the max emails per hour \\(3/2 \\(150%\\)\\); it will be sent after \\d\\d:\\d\\d UTC");

        Instant before = Instant.now();
        var refused = submit("web@shop.test", "buyer@ok.test").stdout();
        Instant after = Instant.now();
        assertThat(refused).containsAnyOf(capLine(before), capLine(after));
        assertThat(limits("status", "shop.test")).contains("refusing until");

        await().atMost(E2eServer.DELIVERY).until(() -> accepting.dump().contains(tokens.get(1)));
        assertThat(accepting.dump()).contains(tokens.get(0)).doesNotContain(tokens.get(2));
        var heldId = java.util.regex.Pattern.compile("queued as ([0-9A-Z]{13}); held").matcher(held);
        assertThat(heldId.find()).isTrue();
        assertThat(server.queueActive().resolve(heldId.group(1))).as("the held message waits in the queue").exists();

        limits("reset", "shop.test");
        server.cli("", "queue", "flush");
        await().atMost(E2eServer.DELIVERY).until(() -> accepting.dump().contains(tokens.get(2)));
    }

    /** What smtplib prints for the refusal, with the block's end for a trip at {@code at} (rolling: its minute + 60). */
    private static String blockedLine(String domain, Instant at) {
        return "FINAL 550 5.7.1 Domain " + domain + " has exceeded the max defers and failures per hour (3/3 (100%)) "
                + "allowed. Sending resumes at " + HH_MM.format(at.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofHours(1)))
                + " UTC.";
    }

    private static String capLine(Instant at) {
        return "FINAL 550 5.7.1 Domain shop.test has exceeded the max emails per hour (3/2 (150%)) allowed. "
                + "Sending resumes at " + HH_MM.format(at.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofHours(1)))
                + " UTC.";
    }

    private static ExternalClient.Result submit(String user, String to) throws Exception {
        return submit(user, to, "limits-" + UUID.randomUUID());
    }

    /** smtplib on the submission port: STARTTLS, AUTH as {@code user}, from its own address. */
    private static ExternalClient.Result submit(String user, String to, String token) throws Exception {
        return ExternalClient.python("send.py", "--port", String.valueOf(server.port("submission")), "--mode",
                "starttls", "--auth", user + ":secret-password", "--from", user, "--to", to, "--eml", eml(token).toString());
    }

    /** smtplib on port 25 from 127.0.0.1, a trusted network: relays without authenticating. */
    private static ExternalClient.Result relay(String from, String to) throws Exception {
        return ExternalClient.python("send.py", "--port", String.valueOf(server.port("smtp")), "--from", from,
                "--to", to, "--eml", eml("relay-" + UUID.randomUUID()).toString());
    }

    private static Path eml(String token) throws Exception {
        Path file = Files.createTempFile(dir, "msg-", ".eml");
        Files.writeString(file, "Subject: " + token + "\r\n\r\nHello " + token + ".\r\n", StandardCharsets.US_ASCII);
        return file;
    }

    /** {@code postern limits …} as an admin would run it beside the running server; its output. */
    private static String limits(String... args) {
        String[] full = Stream.concat(Stream.of("limits"), Stream.concat(Stream.of(args),
                Stream.of("--config", server.config.toString()))).toArray(String[]::new);
        var out = new StringWriter();
        var line = PosternCommand.commandLine(new PosternCommand(new ByteArrayInputStream(new byte[0])));
        line.setOut(new PrintWriter(out, true));
        assertThat(line.execute(full)).as("postern %s", String.join(" ", full)).isZero();
        return out.toString();
    }
}
