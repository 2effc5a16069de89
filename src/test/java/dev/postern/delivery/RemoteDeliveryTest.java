package dev.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.dns.DnsResolver;
import dev.postern.dns.TestDns;
import dev.postern.e2e.SmtpSink;
import dev.postern.queue.Outcome;
import dev.postern.queue.QueueEntry;
import dev.postern.queue.QueueId;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.client.ClientSettings;
import dev.postern.smtp.client.SmtpClient;
import dev.postern.smtp.client.Timeouts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote delivery through an in-test DNS server to smtp-sink peers on loopback addresses. */
class RemoteDeliveryTest {

    static final byte[] CONTENT = "Subject: hello\r\n\r\nHi there.\r\n.dot\r\n".getBytes(StandardCharsets.US_ASCII);
    static final SmtpClient CLIENT = new SmtpClient(new ClientSettings("out.postern.test",
            Timeouts.all(Duration.ofSeconds(3))));

    @TempDir
    Path dir;

    private final TestDns dns;
    private final List<DeliveryReport> reports = new CopyOnWriteArrayList<>();

    RemoteDeliveryTest() throws Exception {
        dns = new TestDns();
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    static QueueEntry entry(String... rcpts) {
        var recipients = Arrays.stream(rcpts).map(r -> Recipient.of(MailAddress.parse(r))).toList();
        return new QueueEntry(new QueueId("01M8JD1SM0000"), Instant.parse("2026-11-29T01:00:00Z"),
                new ReversePath.Sender(MailAddress.parse("alice@customer.test")), recipients, MailParameters.NONE,
                "test", CONTENT.length);
    }

    private RemoteDelivery delivery(RemoteSettings settings) {
        return new RemoteDelivery(settings, new DnsResolver(List.of(dns.address()), Duration.ofMillis(700)), CLIENT,
                reports::add);
    }

    private static List<Outcome> deliver(RemoteDelivery delivery, QueueEntry entry) {
        return delivery.deliver(entry, entry.recipients(), () -> new ByteArrayInputStream(CONTENT));
    }

    @Test
    void triesTheNextMxWhenTheFirstDoesNotAnswer() throws Exception {
        int port = SmtpSink.freePort();
        dns.add("remote.test", "MX", "10 mx1.remote.test.").add("remote.test", "MX", "20 mx2.remote.test.")
                .add("mx1.remote.test", "A", "127.0.0.2").add("mx2.remote.test", "A", "127.0.0.3");
        try (var sink = SmtpSink.start(dir, "127.0.0.3", port);
             var delivery = delivery(RemoteSettings.DEFAULT.withMxPort(port))) {
            var outcomes = deliver(delivery, entry("bob@remote.test", "carol@remote.test"));
            assertThat(outcomes).containsOnly(Outcome.DELIVERED);
            Thread.sleep(200);
            assertThat(sink.dump()).contains("X-Rcpt-Args: <bob@remote.test>", "X-Rcpt-Args: <carol@remote.test>",
                    "\n.dot\n");
        }
        assertThat(reports).hasSize(2).allSatisfy(r -> {
            assertThat(r.senderDomain()).contains("customer.test");
            assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        });
    }

    @Test
    void nullMxAndNxdomainFailAndServfailDefers() throws Exception {
        dns.add("nomail.test", "MX", "0 .").nxdomain("gone.test").servfail("broken.test");
        try (var delivery = delivery(RemoteSettings.DEFAULT)) {
            var outcomes = deliver(delivery, entry("a@nomail.test", "b@gone.test", "c@broken.test"));
            assertThat(outcomes.get(0)).isInstanceOfSatisfying(Outcome.Failed.class,
                    f -> assertThat(f.reason().enhancedCode()).isEqualTo("5.1.10"));
            assertThat(outcomes.get(1)).isInstanceOfSatisfying(Outcome.Failed.class,
                    f -> assertThat(f.reason().enhancedCode()).isEqualTo("5.1.2"));
            assertThat(outcomes.get(2)).isInstanceOfSatisfying(Outcome.Deferred.class,
                    d -> assertThat(d.reason().enhancedCode()).isEqualTo("4.4.3"));
        }
        assertThat(reports).extracting(r -> r.outcome().getClass().getSimpleName())
                .containsExactly("Failed", "Failed", "Deferred");
    }

    @Test
    void routesComeBeforeDnsAndRecipientRepliesAreKeptApart() throws Exception {
        try (var hard = SmtpSink.start(dir, "-f", "RCPT");
             var soft = SmtpSink.start(dir, "-r", "RCPT");
             var delivery = delivery(RemoteSettings.DEFAULT.withRoutes(RemoteSettings.parseRoutes(
                     "hard.test=" + hard.address().getHostString() + ":" + hard.address().getPort()
                     + ", soft.test=127.0.0.1:" + soft.address().getPort())))) {
            var outcomes = deliver(delivery, entry("x@hard.test", "y@soft.test"));
            assertThat(outcomes.get(0)).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
                assertThat(f.reason().code()).isGreaterThanOrEqualTo(500);
                assertThat(f.remoteMta()).hasValueSatisfying(m -> assertThat(m).contains("127.0.0.1"));
            });
            assertThat(outcomes.get(1)).isInstanceOfSatisfying(Outcome.Deferred.class,
                    d -> assertThat(d.reason().code()).isBetween(400, 499));
        }
        assertThat(dns.queries).isEmpty();
    }

    @Test
    void theRelayHostTakesEveryRemoteDomain() throws Exception {
        try (var sink = SmtpSink.start(dir);
             var delivery = delivery(RemoteSettings.DEFAULT.withRelayhost(Optional.of(Relayhost.parse(
                     "127.0.0.1:" + sink.address().getPort(), "", "none"))))) {
            assertThat(deliver(delivery, entry("one@first.test", "two@second.test"))).containsOnly(Outcome.DELIVERED);
        }
        assertThat(dns.queries).isEmpty();
    }

    @Test
    void noAnsweringHostDefersWithTheLastReason() throws Exception {
        int port = SmtpSink.freePort();
        dns.add("down.test", "MX", "10 mx.down.test.").add("mx.down.test", "A", "127.0.0.4");
        try (var delivery = delivery(RemoteSettings.DEFAULT.withMxPort(port))) {
            var outcome = deliver(delivery, entry("z@down.test")).getFirst();
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Deferred.class, d -> {
                assertThat(d.reason().enhancedCode()).isEqualTo("4.4.1");
                assertThat(d.remoteMta()).hasValue("mx.down.test[127.0.0.4]:" + port);
            });
        }
    }

    @Test
    void configValuesParse() {
        assertThat(RemoteSettings.parseRoutes("Example.com=mail.example.net:2525, b.test=[::1]:26"))
                .isEqualTo(Map.of("example.com", new HostPort("mail.example.net", 2525), "b.test",
                        new HostPort("::1", 26)));
        var relay = Relayhost.parse("smtp.provider.test:465", "user:pa:ss", "implicit");
        assertThat(relay.credentials()).hasValueSatisfying(c -> assertThat(c.password()).isEqualTo("pa:ss"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Relayhost.parse("h:25", "u:p", "none"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoMessagesToOneHostShareAConnection() throws Exception {
        try (var server = new dev.postern.smtp.client.ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250-mx.remote.test
                S: 250 PIPELINING
                C: MAIL FROM:<alice@customer.test>
                C: RCPT TO:<bob@remote.test>
                S: 250 ok
                S: 250 ok
                C: DATA
                S: 354 go
                C: Subject: hello
                C:
                C: Hi there.
                C: ..dot
                C: .
                S: 250 first
                C: RSET
                S: 250 ok
                C: MAIL FROM:<alice@customer.test>
                C: RCPT TO:<carol@remote.test>
                S: 250 ok
                S: 250 ok
                C: DATA
                S: 354 go
                C: Subject: hello
                C:
                C: Hi there.
                C: ..dot
                C: .
                S: 250 second
                C: QUIT
                S: 221 bye
                """);
             var delivery = delivery(RemoteSettings.DEFAULT.withRoutes(Map.of("remote.test",
                     new HostPort("127.0.0.1", server.address().getPort()))))) {
            assertThat(deliver(delivery, entry("bob@remote.test"))).containsExactly(Outcome.DELIVERED);
            assertThat(deliver(delivery, entry("carol@remote.test"))).containsExactly(Outcome.DELIVERED);
            delivery.close();
            assertThat(server.finish()).isEmpty();
        }
    }

    @Test
    void aBrokenTlsHandshakeFallsBackToPlaintextWhenTlsIsOpportunistic() throws Exception {
        try (var server = new dev.postern.smtp.client.ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250-mx.remote.test
                S: 250 STARTTLS
                C: STARTTLS
                S: 220 go ahead
                SLEEP 300
                S: this is not TLS at all
                SLEEP 300
                ACCEPT
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250-mx.remote.test
                S: 250 STARTTLS
                C: MAIL FROM:<alice@customer.test>
                S: 250 ok
                C: RCPT TO:<bob@remote.test>
                S: 250 ok
                C: DATA
                S: 354 go
                C: Subject: hello
                C:
                C: Hi there.
                C: ..dot
                C: .
                S: 250 sent in clear
                C: QUIT
                S: 221 bye
                """);
             var delivery = delivery(RemoteSettings.DEFAULT.withRoutes(Map.of("remote.test",
                     new HostPort("127.0.0.1", server.address().getPort()))))) {
            assertThat(deliver(delivery, entry("bob@remote.test"))).containsExactly(Outcome.DELIVERED);
            delivery.close();
            assertThat(server.finish()).isEmpty();
        }
    }

    /** A responder that accepts everything slowly and remembers the most connections it had at once. */
    private static final class SlowResponder implements AutoCloseable {
        final java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();

        SlowResponder() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        var socket = server.accept();
                        Thread.ofVirtual().start(() -> serve(socket));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(java.net.Socket socket) {
            most.accumulateAndGet(open.incrementAndGet(), Math::max);
            boolean counted = true;
            try (socket; var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)); var out = socket.getOutputStream()) {
                out.write("220 slow.test\r\n".getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null) {
                    String reply = line.startsWith("DATA") ? "354 go" : line.startsWith("QUIT") ? "221 bye" : "250 ok";
                    if (line.equals(".")) {
                        Thread.sleep(300);
                    }
                    if (line.startsWith("QUIT")) { // before the 221, which the client waits for before it goes on
                        open.decrementAndGet();
                        counted = false;
                    }
                    if (line.startsWith("MAIL") || line.startsWith("RCPT") || line.startsWith("EHLO")
                            || line.startsWith("DATA") || line.startsWith("QUIT") || line.startsWith("RSET")
                            || line.equals(".")) {
                        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up
            } finally {
                if (counted) {
                    open.decrementAndGet();
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void deliveriesToOneDestinationAreCapped() throws Exception {
        try (var slow = new SlowResponder()) {
            var settings = new RemoteSettings(Map.of("remote.test", new HostPort("127.0.0.1", slow.server.getLocalPort())),
                    Optional.empty(), dev.postern.smtp.client.TlsPolicy.NONE, 2, 5, Duration.ZERO, 25);
            try (var delivery = delivery(settings)) {
                var threads = new java.util.ArrayList<Thread>();
                var outcomes = new CopyOnWriteArrayList<Outcome>();
                for (int i = 0; i < 6; i++) {
                    threads.add(Thread.ofVirtual().start(() -> outcomes.addAll(deliver(delivery, entry("bob@remote.test")))));
                }
                for (var t : threads) {
                    t.join();
                }
                assertThat(outcomes).hasSize(6).containsOnly(Outcome.DELIVERED);
            }
            assertThat(slow.most.get()).isEqualTo(2);
        }
    }

    @Test
    void anIdleConnectionIsClosedWhenItsKeepTimeIsUp() throws Exception {
        try (var server = new dev.postern.smtp.client.ScriptedServer("""
                S: 220 mx.remote.test ESMTP
                C: EHLO out.postern.test
                S: 250 mx.remote.test
                C: MAIL FROM:<alice@customer.test>
                S: 250 ok
                C: RCPT TO:<bob@remote.test>
                S: 250 ok
                C: DATA
                S: 354 go
                C: Subject: hello
                C:
                C: Hi there.
                C: ..dot
                C: .
                S: 250 ok
                C: QUIT
                S: 221 bye
                """)) {
            var settings = new RemoteSettings(Map.of("remote.test", new HostPort("127.0.0.1", server.address().getPort())),
                    Optional.empty(), dev.postern.smtp.client.TlsPolicy.NONE, 20, 5, Duration.ofMillis(300), 25);
            try (var delivery = delivery(settings)) {
                assertThat(deliver(delivery, entry("bob@remote.test"))).containsExactly(Outcome.DELIVERED);
                // no close() and no further mail: the sweeper must send QUIT by itself
                assertThat(server.finish()).isEmpty();
                assertThat(server.heard).last().isEqualTo("QUIT");
            }
        }
    }
}
