package dev.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.dns.DnsResolver;
import dev.postern.dns.TestDns;
import dev.postern.e2e.SmtpSink;
import dev.postern.mailbox.MaildirStore;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueRunner;
import dev.postern.queue.RetrySchedule;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way out: queue, runner, router, remote delivery to smtp-sink found by MX, and the
 * bounce coming back into the queue and into the hosted sender's Maildir.
 */
class OutboundFlowTest {

    @TempDir
    Path data;

    /** A clock the test moves. */
    static final class TestClock extends java.time.Clock {
        volatile Instant now = Instant.parse("2026-11-29T01:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aRefusedRecipientComesBackToTheSenderAsABounce() throws Exception {
        var clock = new TestClock();
        int port = SmtpSink.freePort();
        try (var dns = new TestDns(); var sink = SmtpSink.start(data,
                "127.0.0.1", port, "-f", "RCPT"); var queue = new Queue(data.resolve("queue"), clock)) {
            dns.add("remote.test", "MX", "10 mx.remote.test.").add("mx.remote.test", "A", "127.0.0.1");
            var remote = new RemoteDelivery(RemoteSettings.DEFAULT.withMxPort(port),
                    new DnsResolver(List.of(dns.address()), Duration.ofSeconds(1)), RemoteDeliveryTest.CLIENT,
                    DeliveryListener.NONE);
            var router = new Router(Set.of("customer.test")::contains,
                    new LocalDelivery(new MaildirStore(data.resolve("mail"), "mail.postern.test")), remote);
            var bounces = new Bounces(queue, new BounceSettings("mail.postern.test", 100_000, Duration.ofDays(5)), clock);
            var runner = new QueueRunner(queue, router, RetrySchedule.DEFAULT, clock, 1, bounces, Duration.ofHours(4));

            var writer = queue.receive(new ReversePath.Sender(MailAddress.parse("alice@customer.test")),
                    List.of(Recipient.of(MailAddress.parse("bob@remote.test"))), MailParameters.NONE, "test");
            writer.body().write("Subject: offer\r\n\r\nHello Bob.\r\n".getBytes(StandardCharsets.US_ASCII));
            writer.commit();

            assertThat(runner.deliverDue()).isEqualTo(1); // the message: refused, so a bounce is queued
            assertThat(runner.deliverDue()).isEqualTo(1); // the bounce, scheduled by its commit
            remote.close();

            Path inbox = data.resolve("mail/customer.test/alice/Maildir/new");
            try (var files = Files.list(inbox)) {
                String bounce = Files.readString(files.findFirst().orElseThrow(), StandardCharsets.UTF_8);
                assertThat(bounce).startsWith("Return-Path: <>\r\n")
                        .contains("Subject: Undelivered Mail Returned to Sender", "Final-Recipient: rfc822; bob@remote.test",
                                "Action: failed", "Remote-MTA: dns; mx.remote.test", "Subject: offer");
            }
            assertThat(data.resolve("queue/active")).isEmptyDirectory();
        }
    }

}
