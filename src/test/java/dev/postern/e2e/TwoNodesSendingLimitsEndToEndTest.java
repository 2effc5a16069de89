package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.cli.PosternCommand;
import dev.postern.database.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sending limits and explain on two nodes of one PostgreSQL (docs/SCALING.md), set up as in
 * {@link TwoNodesEndToEndTest}: both relay for the trusted 127.0.0.1 by {@code delivery.routes}
 * to Postfix's smtp-sink, which answers 550 to every RCPT for fail.test and takes mail for
 * ok.test. Failures delivered by either node's queue add up to one count; a block tripped on one
 * node refuses on the other; the CLI on either node's config reads and lifts it; explain on one
 * node's config tells what the other refused.
 */
class TwoNodesSendingLimitsEndToEndTest {

    private static final int TRIGGER = 6;
    private static final Duration EVENTS = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    @TempDir
    static Path sinkDir;

    static SmtpSink failing;
    static SmtpSink accepting;
    static E2eServer a;
    static E2eServer b;

    @BeforeAll
    static void start() throws Exception {
        failing = SmtpSink.start(sinkDir, "-f", "RCPT");
        accepting = SmtpSink.start(sinkDir);
        String shared = """
                database.url = %s
                relay.trusted_networks = 127.0.0.1/32
                delivery.routes = fail.test=127.0.0.1:%d, ok.test=127.0.0.1:%d
                limits.window = rolling
                limits.min_defer_fail_to_trigger = %d
                """.formatted(TestPostgres.freshDatabase(), failing.address().getPort(),
                accepting.address().getPort(), TRIGGER);
        Files.createDirectories(dir.resolve("a/data/mail"));
        Files.createDirectories(dir.resolve("b/data"));
        Files.createSymbolicLink(dir.resolve("b/data/mail"), dir.resolve("a/data/mail"));
        a = E2eServer.configure(dir.resolve("a"), shared, "alice@example.test").start();
        b = E2eServer.node(dir.resolve("b"), shared).start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {b, a, failing, accepting}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void concurrentSendsThroughBothNodesTripTheLimitAtExactlyTheThresholdForBoth() throws Exception {
        sendConcurrently("app@burst.test", "someone@fail.test", TRIGGER - 1);
        await().atMost(E2eServer.DELIVERY).until(() -> cli(b, "limits", "status", "burst.test")
                .contains(" " + (TRIGGER - 1) + " "));
        assertThat(cli(a, "limits", "status", "burst.test")).as("one below the threshold, counted on both nodes")
                .containsPattern("burst\\.test +0 +0 +5 +100% +5  ok");
        assertThat(rcpt(a, "app@burst.test", "someone@ok.test")).startsWith("250 ");
        assertThat(rcpt(b, "app@burst.test", "someone@ok.test")).startsWith("250 ");

        assertThat(send(a, "app@burst.test", "someone@fail.test")).startsWith("250 ");
        await().atMost(E2eServer.DELIVERY).until(() -> cli(b, "limits", "status", "burst.test")
                .contains("blocked until"));
        assertThat(cli(b, "limits", "status", "burst.test")).containsPattern("burst\\.test +0 +0 +6 +100% +6  blocked");
        String cpanel = "550 5.7.1 Domain burst.test has exceeded the max defers and failures per hour (6/6 (100%))"
                + " allowed. Sending resumes at ";
        assertThat(rcpt(b, "app@burst.test", "someone@ok.test")).as("tripped by node A's queue, refused on B")
                .startsWith(cpanel).matches(".* \\d\\d:\\d\\d UTC\\.");
        assertThat(rcpt(a, "app@burst.test", "someone@ok.test")).startsWith(cpanel);

        await().atMost(EVENTS).untilAsserted(() -> assertThat(cli(a, "explain", "app@burst.test").lines())
                .anySatisfy(line -> assertThat(line).contains("blocked by the sending limits until ")
                        .contains("Domain burst.test has exceeded the max defers and failures per hour")
                        .endsWith("then lift the block now with postern limits reset burst.test.")));

        assertThat(cli(b, "limits", "reset", "burst.test")).contains("reset burst.test");
        assertThat(rcpt(a, "app@burst.test", "someone@ok.test")).as("lifted on A by B's CLI").startsWith("250 ");
        assertThat(rcpt(b, "app@burst.test", "someone@ok.test")).startsWith("250 ");
        assertThat(cli(a, "limits", "status", "burst.test")).containsPattern("burst\\.test +0 +0 +0 +0% +0  ok");
    }

    @Test
    void aResetWithEitherNodesConfigLiftsTheBlockOnBoth() throws Exception {
        cli(a, "limits", "set", "once.test", "min_defer_fail_to_trigger=1");
        assertThat(send(b, "app@once.test", "someone@fail.test")).startsWith("250 ");
        await().atMost(E2eServer.DELIVERY).until(() -> cli(a, "limits", "status", "once.test")
                .contains("blocked until"));
        assertThat(rcpt(a, "app@once.test", "someone@ok.test")).startsWith("550 5.7.1 Domain once.test has exceeded");

        assertThat(cli(a, "limits", "reset", "once.test")).contains("reset once.test");
        assertThat(rcpt(b, "app@once.test", "someone@ok.test")).as("lifted on B by A's CLI").startsWith("250 ");
        assertThat(rcpt(a, "app@once.test", "someone@ok.test")).startsWith("250 ");
    }

    @Test
    void aRelayRefusedOnNodeAIsExplainedWithNodeBsConfig() throws Exception {
        try (Wire wire = Wire.connect(a.port("smtp"), "127.0.0.42")) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<someone@remote.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<y@remote.test>").getFirst()).startsWith("550-5.7.1 Relaying denied");
        }
        await().atMost(EVENTS).untilAsserted(() -> assertThat(cli(b, "explain", "127.0.0.42").lines())
                .singleElement().asString()
                .contains(" RCPT to y@remote.test from 127.0.0.42 (sender <someone@remote.test>) refused: not"
                        + " authenticated")
                .contains("Fix: turn on SMTP authentication"));
    }

    /** {@code count} messages at once, alternately through node A and node B, each accepted. */
    private static void sendConcurrently(String from, String to, int count) throws InterruptedException {
        var go = new CountDownLatch(1);
        var errors = new ConcurrentLinkedQueue<Throwable>();
        var senders = new ArrayList<Thread>();
        for (int i = 0; i < count; i++) {
            E2eServer node = i % 2 == 0 ? a : b;
            senders.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    assertThat(send(node, from, to)).startsWith("250 ");
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread t : senders) {
            t.join();
        }
        assertThat(errors).isEmpty();
    }

    /** One message relayed from the trusted 127.0.0.1; the reply to its end of data. */
    private static String send(E2eServer node, String from, String to) throws IOException {
        try (Wire wire = Wire.connect(node.port("smtp"))) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<" + from + ">").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<" + to + ">").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: limits-" + UUID.randomUUID() + "\r\n\r\nhello\r\n.\r\n").getBytes(ISO_8859_1));
            return wire.last();
        }
    }

    /** The reply to RCPT TO {@code to} in a transaction from {@code from}, relayed from 127.0.0.1. */
    private static String rcpt(E2eServer node, String from, String to) throws IOException {
        try (Wire wire = Wire.connect(node.port("smtp"))) {
            greet(wire);
            assertThat(wire.command("MAIL FROM:<" + from + ">").getLast()).startsWith("250 ");
            return wire.command("RCPT TO:<" + to + ">").getLast();
        }
    }

    private static void greet(Wire wire) throws IOException {
        assertThat(wire.last()).startsWith("220 ");
        assertThat(wire.command("EHLO client.test").getLast()).startsWith("250 ");
    }

    /** A postern command on {@code node}'s config, as an admin on that host runs it; its output. */
    private static String cli(E2eServer node, String... args) {
        String[] full = Stream.concat(Stream.of(args), Stream.of("--config", node.config.toString()))
                .toArray(String[]::new);
        var out = new StringWriter();
        var line = PosternCommand.commandLine(new PosternCommand(new ByteArrayInputStream(new byte[0])));
        line.setOut(new PrintWriter(out, true));
        assertThat(line.execute(full)).as("postern %s", String.join(" ", full)).isZero();
        return out.toString();
    }
}
