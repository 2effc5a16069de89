package dev.postern.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.net.Cidr;
import dev.postern.net.Peer;
import dev.postern.policy.RelayPolicy;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueId;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.Status;
import dev.postern.smtp.server.Client;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where intake meets the sending limits: which clients, which domain, and when a message is counted. */
class IntakeQuotaTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T13:02:03Z"), ZoneOffset.UTC);
    private static final Reply BLOCKED = Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED, "Domain blocked.test has "
            + "exceeded the max defers and failures per hour (5/5 (100%)) allowed. Sending resumes at 14:00 UTC.");
    private static final ReversePath BLOCKED_SENDER = new ReversePath.Sender(MailAddress.parse("web@blocked.test"));

    /** example.org is hosted; fwd@ forwards to elsewhere.test. */
    private static final Directory DIRECTORY = new Directory() {
        @Override
        public boolean hosts(String domain) {
            return domain.equals("example.org");
        }

        @Override
        public Resolution resolve(MailAddress address) {
            if (!hosts(address.domain())) {
                return new Resolution.NotHosted();
            }
            return new Resolution.Deliver(address.localPart().equals("fwd")
                    ? List.of(MailAddress.parse("friend@elsewhere.test")) : List.of(address));
        }
    };

    @TempDir
    Path dir;
    private Queue queue;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** Blocks blocked.test; admits everything, noting (for the test) whether the entry was already committed. */
    private final SendingQuota quota = new SendingQuota() {
        @Override
        public Optional<Reply> refusal(String senderDomain) {
            asked.add("refusal " + senderDomain);
            return senderDomain.equals("blocked.test") ? Optional.of(BLOCKED) : Optional.empty();
        }

        @Override
        public Optional<String> admit(String senderDomain, QueueId id) {
            boolean visible;
            try {
                visible = queue.entry(id).isPresent();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            asked.add("admit " + senderDomain + (visible ? " after commit" : " before commit"));
            return senderDomain.equals("busy.test") ? Optional.of("held: it will be sent after 14:00 UTC")
                    : Optional.empty();
        }

        @Override
        public void withdraw(String senderDomain, QueueId id) {
            asked.add("withdraw " + senderDomain);
        }
    };

    private Intake intake() throws IOException {
        queue = new Queue(dir.resolve("queue"), CLOCK);
        return new Intake(DIRECTORY, new RelayPolicy(List.of(Cidr.parse("127.0.0.1/32"))), queue, "mx.example.org",
                CLOCK, ip -> false, SenderIdentity.UNCHECKED, quota);
    }

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private static Client client(String ip, Optional<String> user) {
        return new Client(new Peer(InetAddress.ofLiteral(ip), 40000, 587, "submission"), "client.example", true,
                Optional.empty(), user);
    }

    private static Recipient rcpt(String address) {
        return Recipient.of(MailAddress.parse(address));
    }

    private static Envelope envelope(ReversePath sender, String... recipients) {
        return new Envelope(sender, Arrays.stream(recipients).map(IntakeQuotaTest::rcpt).toList(), MailParameters.NONE);
    }

    private static Reply send(Intake intake, Client client, Envelope envelope) throws IOException {
        var sink = intake.open(client, envelope);
        sink.body().write("Subject: hi\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII));
        return sink.commit();
    }

    @Test
    void anAuthenticatedClientIsRefusedAtMailFromByItsAccountsDomain() throws IOException {
        var intake = intake();
        var user = client("192.0.2.7", Optional.of("web@blocked.test"));
        var anySender = new ReversePath.Sender(MailAddress.parse("news@other.test"));

        assertThat(intake.mailFrom(user, anySender, MailParameters.NONE)).isEqualTo(BLOCKED);
        assertThat(asked).containsExactly("refusal blocked.test");
        assertThat(intake.mailFrom(client("192.0.2.7", Optional.of("alice@example.org")), BLOCKED_SENDER,
                MailParameters.NONE).code()).as("the account's domain counts, not the envelope's").isEqualTo(250);
    }

    @Test
    void aRelayingClientIsRefusedAtRcptForRemoteRecipientsOnly() throws IOException {
        var intake = intake();
        var trusted = client("127.0.0.1", Optional.empty());

        assertThat(intake.mailFrom(trusted, BLOCKED_SENDER, MailParameters.NONE).code()).isEqualTo(250);
        assertThat(intake.rcptTo(trusted, BLOCKED_SENDER, rcpt("friend@elsewhere.test"))).isEqualTo(BLOCKED);
        assertThat(intake.rcptTo(trusted, BLOCKED_SENDER, rcpt("alice@example.org")).code())
                .as("local mail never counts").isEqualTo(250);
        assertThat(asked).containsExactly("refusal blocked.test");
    }

    @Test
    void mailFromTheInternetToHostedDomainsIsNeverAsked() throws IOException {
        var intake = intake();
        var stranger = client("192.0.2.99", Optional.empty());

        assertThat(intake.mailFrom(stranger, BLOCKED_SENDER, MailParameters.NONE).code()).isEqualTo(250);
        assertThat(intake.rcptTo(stranger, BLOCKED_SENDER, rcpt("fwd@example.org")).code()).isEqualTo(250);
        assertThat(send(intake, stranger, envelope(BLOCKED_SENDER, "fwd@example.org")).code()).isEqualTo(250);
        assertThat(asked).as("forwarding by a hosted alias is not the sender's sending").isEmpty();
    }

    @Test
    void aRelayedMessageIsCountedBeforeItsEntryIsCommittedAndAHoldIsToldIn250() throws IOException {
        var intake = intake();
        var busy = new ReversePath.Sender(MailAddress.parse("shop@busy.test"));

        Reply reply = send(intake, client("127.0.0.1", Optional.empty()), envelope(busy, "friend@elsewhere.test"));

        assertThat(asked).containsExactly("admit busy.test before commit");
        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.text()).matches("Ok: queued as [0-9A-Z]{13}; held: it will be sent after 14:00 UTC");
    }

    @Test
    void anAuthenticatedSubmissionCountsUnderTheAccountsDomain() throws IOException {
        var intake = intake();
        Reply reply = send(intake, client("192.0.2.7", Optional.of("alice@Example.ORG")),
                envelope(BLOCKED_SENDER, "friend@elsewhere.test", "bob@example.org"));
        assertThat(reply.text()).matches("Ok: queued as [0-9A-Z]{13}");
        assertThat(asked).containsExactly("admit example.org before commit");
    }
}
