package dev.postern.intake;

import dev.postern.net.Cidr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.net.Peer;
import dev.postern.net.TlsInfo;
import dev.postern.policy.RelayPolicy;
import dev.postern.queue.Durability;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueEntry;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.Client;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeTest {

    @TempDir
    Path dir;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T01:02:03Z"), ZoneOffset.UTC);
    private static final ReversePath SENDER = new ReversePath.Sender(MailAddress.parse("sender@example.net"));
    private static final byte[] BODY = "Subject: hi\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII);

    /** example.org is hosted: alice and bob are users, sales and team aliases, fwd forwards away. */
    private static final Directory DIRECTORY = new Directory() {
        private final Map<String, List<String>> table = Map.of(
                "alice@example.org", List.of("alice@example.org"),
                "bob@example.org", List.of("bob@example.org"),
                "sales@example.org", List.of("alice@example.org", "bob@example.org"),
                "team@example.org", List.of("bob@example.org", "alice@example.org"),
                "fwd@example.org", List.of("friend@elsewhere.test"),
                "void@example.org", List.of());

        @Override
        public boolean hosts(String domain) {
            return domain.equals("example.org");
        }

        @Override
        public Resolution resolve(MailAddress address) {
            if (!hosts(address.domain())) {
                return new Resolution.NotHosted();
            }
            var targets = table.get(address.canonical());
            return targets == null ? new Resolution.Unknown()
                    : new Resolution.Deliver(targets.stream().map(MailAddress::parse).toList());
        }
    };

    /** Records the order of fsyncs (and, in the test, of the reply) while really syncing. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Durability recording = new Durability() {
        @Override
        public void sync(FileChannel file) throws IOException {
            Durability.FSYNC.sync(file);
            events.add("fsync file");
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            Durability.FSYNC.syncDirectory(directory);
            events.add("fsync " + directory.getFileName());
        }
    };

    private Queue queue;

    private Intake intake(Durability durability) throws IOException {
        queue = new Queue(dir.resolve("queue"), CLOCK, durability);
        var relay = new RelayPolicy(List.of(Cidr.parse("127.0.0.1/32")));
        return new Intake(DIRECTORY, relay, queue, "mx.example.org", CLOCK, ip -> false);
    }

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private static Client client(String ip, boolean esmtp, Optional<TlsInfo> tls, Optional<String> user) {
        return new Client(new Peer(InetAddress.ofLiteral(ip), 40000, 25, "smtp"), "client.example", esmtp, tls, user);
    }

    private static final Client STRANGER = client("127.0.0.2", true, Optional.empty(), Optional.empty());
    private static final Client LOCAL_APP = client("127.0.0.1", true, Optional.empty(), Optional.empty());

    private static Recipient rcpt(String address) {
        return Recipient.of(MailAddress.parse(address));
    }

    private static Envelope envelope(String... recipients) {
        return new Envelope(SENDER, Arrays.stream(recipients).map(IntakeTest::rcpt).toList(), MailParameters.NONE);
    }

    private String queued(QueueEntry entry) throws IOException {
        try (var in = queue.openContent(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anySenderIsAcceptedTheNullOneToo() throws IOException {
        var intake = intake(Durability.FSYNC);

        assertThat(intake.mailFrom(STRANGER, ReversePath.NULL, MailParameters.NONE).wire()).isEqualTo("250 2.1.0 Ok\r\n");
        assertThat(intake.mailFrom(STRANGER, SENDER, MailParameters.NONE).wire()).isEqualTo("250 2.1.0 Ok\r\n");
    }

    @Test
    void hostedUsersAndAliasesAreAcceptedFromAnybody() throws IOException {
        var intake = intake(Durability.FSYNC);

        assertThat(intake.rcptTo(STRANGER, SENDER, rcpt("Alice@Example.org")).wire()).isEqualTo("250 2.1.5 Ok\r\n");
        assertThat(intake.rcptTo(STRANGER, SENDER, rcpt("sales@example.org")).wire()).isEqualTo("250 2.1.5 Ok\r\n");
    }

    @Test
    void anUnknownUserOfAHostedDomainIsRefusedPlainly() throws IOException {
        var reply = intake(Durability.FSYNC).rcptTo(STRANGER, SENDER, rcpt("nobody@example.org"));

        assertThat(reply.wire()).isEqualTo("550 5.1.1 <nobody@example.org>: no such user here\r\n");
    }

    @Test
    void relayingIsRefusedWithTheCauseAndTheCure() throws IOException {
        var reply = intake(Durability.FSYNC).rcptTo(STRANGER, SENDER, rcpt("friend@elsewhere.test"));

        assertThat(reply.wire()).isEqualTo(
                "550-5.7.1 Relaying denied: you must authenticate before sending to elsewhere.test.\r\n"
                + "550 5.7.1 Turn on \"My outgoing server (SMTP) requires authentication\" in your mail program"
                + " and use your mailbox's username and password.\r\n");
    }

    @Test
    void relayingIsAllowedAfterAuthenticationFromTrustedNetworksAndWithAPopGrant() throws IOException {
        var intake = intake(Durability.FSYNC);
        var authenticated = client("127.0.0.2", true, Optional.empty(), Optional.of("alice@example.org"));
        var popGranted = new Intake(DIRECTORY, new RelayPolicy(List.of()), queue, "mx.example.org", CLOCK,
                ip -> ip.equals(InetAddress.ofLiteral("127.0.0.2")));

        assertThat(intake.rcptTo(authenticated, SENDER, rcpt("friend@elsewhere.test")).code()).isEqualTo(250);
        assertThat(intake.rcptTo(LOCAL_APP, SENDER, rcpt("friend@elsewhere.test")).code()).isEqualTo(250);
        assertThat(popGranted.rcptTo(STRANGER, SENDER, rcpt("friend@elsewhere.test")).code()).isEqualTo(250);
    }

    @Test
    void aliasesAreExpandedToTheirFinalTargetsOnceEach() throws IOException {
        var intake = intake(Durability.FSYNC);

        var targets = intake.expand(envelope("sales@example.org", "alice@example.org", "team@example.org",
                "fwd@example.org", "other@elsewhere.test").recipients());

        assertThat(targets).extracting(r -> r.address().toString())
                .containsExactly("alice@example.org", "bob@example.org", "friend@elsewhere.test", "other@elsewhere.test");
        assertThat(targets.get(0).orcpt()).contains("rfc822;sales@example.org");
        assertThat(targets.get(2).orcpt()).contains("rfc822;fwd@example.org");
        assertThat(targets.get(3).orcpt()).isEmpty();
    }

    @Test
    void anAliasLeadingNowhereKeepsTheAddressRatherThanLoseTheMessage() throws IOException {
        var targets = intake(Durability.FSYNC).expand(envelope("void@example.org").recipients());

        assertThat(targets).extracting(r -> r.address().toString()).containsExactly("void@example.org");
    }

    @Test
    void theMessageIsQueuedForTheTargetsBehindAReceivedHeader() throws IOException {
        var intake = intake(Durability.FSYNC);

        var sink = intake.open(STRANGER, envelope("sales@example.org"));
        sink.body().write(BODY);
        Reply reply = sink.commit();

        var entry = queue.recover().getFirst();
        assertThat(reply.wire()).isEqualTo("250 2.0.0 Ok: queued as " + entry.id() + "\r\n");
        assertThat(entry.sender()).isEqualTo(SENDER);
        assertThat(entry.recipients()).extracting(r -> r.address().toString())
                .containsExactly("alice@example.org", "bob@example.org");
        assertThat(queued(entry)).isEqualTo(
                "Received: from client.example ([127.0.0.2])\r\n"
                + "\tby mx.example.org (Postern) with ESMTP id " + entry.id() + "\r\n"
                + "\tfor <sales@example.org>; Sun, 29 Nov 2026 01:02:03 +0000\r\n"
                + new String(BODY, StandardCharsets.US_ASCII));
    }

    @Test
    void theReceivedHeaderNamesTlsAuthAndTheProtocolAsRfc3848Says() throws IOException {
        var intake = intake(Durability.FSYNC);
        var tls = Optional.of(new TlsInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384"));
        var submitter = new Client(new Peer(InetAddress.ofLiteral("::1"), 40000, 587, "submission"), "laptop",
                true, tls, Optional.of("alice@example.org"));

        var sink = intake.open(submitter, envelope("alice@example.org", "friend@elsewhere.test"));
        sink.commit();

        var entry = queue.recover().getFirst();
        assertThat(queued(entry)).isEqualTo(
                "Received: from laptop ([IPv6:::1])\r\n"
                + "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\r\n"
                + "\tby mx.example.org (Postern) with ESMTPSA id " + entry.id() + ";\r\n"
                + "\tSun, 29 Nov 2026 01:02:03 +0000\r\n");
    }

    @Test
    void aRelayGrantedByPopBeforeSmtpIsNotedInTheReceivedHeader() throws IOException {
        intake(Durability.FSYNC); // opens the queue
        var popGranted = new Intake(DIRECTORY, new RelayPolicy(List.of()), queue, "mx.example.org", CLOCK,
                ip -> ip.equals(InetAddress.ofLiteral("127.0.0.2")));

        var sink = popGranted.open(STRANGER, envelope("friend@elsewhere.test"));
        sink.commit();

        var entry = queue.recover().getFirst();
        assertThat(queued(entry)).isEqualTo(
                "Received: from client.example ([127.0.0.2])\r\n"
                + "\t(relaying granted by a POP3 login from this address: POP-before-SMTP)\r\n"
                + "\tby mx.example.org (Postern) with ESMTP id " + entry.id() + "\r\n"
                + "\tfor <friend@elsewhere.test>; Sun, 29 Nov 2026 01:02:03 +0000\r\n");
    }

    @Test
    void aGrantHolderWritingToAHostedMailboxIsNotRelayingAndItsGrantIsNotAsked() throws IOException {
        intake(Durability.FSYNC); // opens the queue
        var asked = new AtomicInteger();
        var popGranted = new Intake(DIRECTORY, new RelayPolicy(List.of()), queue, "mx.example.org", CLOCK,
                ip -> asked.incrementAndGet() > 0);

        assertThat(popGranted.rcptTo(STRANGER, SENDER, rcpt("alice@example.org"))).isEqualTo(Replies.RECIPIENT_OK);
        var sink = popGranted.open(STRANGER, envelope("alice@example.org"));
        sink.commit();

        assertThat(asked).hasValue(0);
        assertThat(queued(queue.recover().getFirst())).doesNotContain("relaying granted");
        // Relayed, the same client's grant is asked (the note it then gets: the test above).
        assertThat(popGranted.rcptTo(STRANGER, SENDER, rcpt("friend@elsewhere.test"))).isEqualTo(Replies.RECIPIENT_OK);
        assertThat(asked).hasValue(1);
    }

    @Test
    void aTransactionAsksTheDirectoryOncePerRecipientAndTheNextTransactionAsksAgain() throws IOException {
        intake(Durability.FSYNC); // opens the queue
        var asked = new ArrayList<String>();
        Directory counting = new Directory() {
            @Override
            public boolean hosts(String domain) {
                asked.add("hosts " + domain);
                return DIRECTORY.hosts(domain);
            }

            @Override
            public Resolution resolve(MailAddress address) {
                asked.add("resolve " + address);
                return DIRECTORY.resolve(address);
            }
        };
        var intake = new Intake(counting, new RelayPolicy(List.of()), queue, "mx.example.org", CLOCK, ip -> false);

        for (int transaction = 0; transaction < 2; transaction++) {
            assertThat(intake.mailFrom(STRANGER, SENDER, MailParameters.NONE).wire()).isEqualTo("250 2.1.0 Ok\r\n");
            assertThat(intake.rcptTo(STRANGER, SENDER, rcpt("alice@example.org"))).isEqualTo(Replies.RECIPIENT_OK);
            intake.open(STRANGER, envelope("alice@example.org")).commit();
        }

        // RCPT asks; DATA reuses the answer the recipient was accepted with; MAIL FROM starts afresh.
        assertThat(asked).containsExactly("resolve alice@example.org", "resolve alice@example.org");

        asked.clear();
        intake.mailFrom(STRANGER, SENDER, MailParameters.NONE);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThat(intake.rcptTo(STRANGER, SENDER, rcpt("nobody@example.org")).code()).isEqualTo(550);
            assertThat(intake.rcptTo(STRANGER, SENDER, rcpt("someone@elsewhere.test")).code()).isEqualTo(550);
        }
        // A refusal is not remembered: a user or domain added from the CLI meanwhile is seen by the next RCPT.
        assertThat(asked).containsExactly("resolve nobody@example.org", "resolve someone@elsewhere.test",
                "resolve nobody@example.org", "resolve someone@elsewhere.test");
    }

    @Test
    void heloClientsAreRecordedWithSmtp() {
        var helo = client("127.0.0.2", false, Optional.empty(), Optional.empty());
        var tlsOnly = client("127.0.0.2", true, Optional.of(new TlsInfo("TLSv1.3", "X")), Optional.empty());
        var authOnly = client("127.0.0.2", true, Optional.empty(), Optional.of("u"));

        assertThat(ReceivedHeader.protocol(helo)).isEqualTo("SMTP");
        assertThat(ReceivedHeader.protocol(STRANGER)).isEqualTo("ESMTP");
        assertThat(ReceivedHeader.protocol(tlsOnly)).isEqualTo("ESMTPS");
        assertThat(ReceivedHeader.protocol(authOnly)).isEqualTo("ESMTPA");
    }

    @Test
    void the250ComesOnlyAfterTheFileAndTheDirectoryWereFsynced() throws IOException {
        var intake = intake(recording);
        var sink = intake.open(STRANGER, envelope("alice@example.org"));
        sink.body().write(BODY);
        assertThat(events).isEmpty();

        Reply reply = sink.commit();
        events.add("reply " + reply.code());

        assertThat(events).containsExactly("fsync file", "fsync active", "reply 250");
    }

    @Test
    void aFullDiskAnswers452AndLeavesNoEntry() throws IOException {
        var intake = intake(new Durability() {
            @Override
            public void sync(FileChannel file) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void syncDirectory(Path directory) {
            }
        });
        var sink = intake.open(STRANGER, envelope("alice@example.org"));
        sink.body().write(BODY);

        assertThat(sink.commit().wire()).isEqualTo("452 4.3.1 Insufficient system storage\r\n");
        assertThat(queue.recover()).isEmpty();
        assertThat(dir.resolve("queue/incoming")).isEmptyDirectory();
    }

    @Test
    void anyOtherQueueFailureAnswers451() throws IOException {
        var intake = intake(new Durability() {
            @Override
            public void sync(FileChannel file) {
            }

            @Override
            public void syncDirectory(Path directory) throws IOException {
                throw new IOException("Input/output error");
            }
        });
        var sink = intake.open(STRANGER, envelope("alice@example.org"));
        sink.body().write(BODY);

        assertThat(sink.commit().wire()).isEqualTo("451 4.3.0 Error: queue file write error\r\n");
        assertThat(queue.recover()).as("an unacknowledged entry is not kept").isEmpty();
    }

    @Test
    void aQueueThatCannotBeOpenedStillLetsTheSessionFinishAndAnswers451() throws IOException {
        var intake = intake(Durability.FSYNC);
        java.nio.file.Files.delete(dir.resolve("queue/incoming"));

        var sink = intake.open(STRANGER, envelope("alice@example.org"));
        sink.body().write(BODY);

        assertThat(sink.commit().code()).isEqualTo(451);
    }

    @Test
    void anAbortedMessageLeavesNothingQueued() throws IOException {
        var intake = intake(Durability.FSYNC);
        var sink = intake.open(STRANGER, envelope("alice@example.org"));
        sink.body().write(BODY);

        sink.abort();

        assertThat(queue.recover()).isEmpty();
    }

    @Test
    void xtextEscapesPlusEqualsAndNonPrintables() {
        assertThat(Intake.xtext("a+b=c d@example.org")).isEqualTo("a+2Bb+3Dc+20d@example.org");
    }

    @Test
    void ipv6AddressLiteralsAreCompressedAsRfc5952Says() {
        assertThat(ReceivedHeader.compressed("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
        assertThat(ReceivedHeader.compressed("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(ReceivedHeader.compressed("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(ReceivedHeader.compressed("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(ReceivedHeader.compressed("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
    }

    @Test
    void aDirectoryThatFailsGivesATemporaryReplyNotAnException() throws IOException {
        queue = new Queue(dir.resolve("queue"), CLOCK);
        Directory down = new Directory() {
            @Override
            public boolean hosts(String domain) {
                throw new IllegalStateException("database unreachable");
            }

            @Override
            public Resolution resolve(MailAddress address) {
                throw new IllegalStateException("database unreachable");
            }
        };
        var intake = new Intake(down, new RelayPolicy(List.of()), queue, "mx.example.org", CLOCK, ip -> false);

        assertThat(intake.rcptTo(STRANGER, SENDER, rcpt("alice@example.org")).wire())
                .isEqualTo("451 4.3.0 <alice@example.org>: Temporary lookup failure\r\n");
        var sink = intake.open(STRANGER, envelope("alice@example.org"));
        sink.body().write(BODY);
        assertThat(sink.commit().code()).isEqualTo(451);
    }
}
