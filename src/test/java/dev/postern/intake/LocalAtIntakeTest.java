package dev.postern.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.mailbox.MaildirStore;
import dev.postern.net.Cidr;
import dev.postern.net.Peer;
import dev.postern.policy.RelayPolicy;
import dev.postern.queue.Queue;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.Client;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** delivery.local_at_intake: mail for hosted mailboxes only goes straight into the Maildirs before its 250. */
class LocalAtIntakeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T01:02:03Z"), ZoneOffset.UTC);
    private static final ReversePath SENDER = new ReversePath.Sender(MailAddress.parse("sender@example.net"));
    private static final byte[] BODY = "Subject: hi\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Client STRANGER = new Client(new Peer(InetAddress.ofLiteral("127.0.0.2"), 40000, 25, "smtp"),
            "client.example", true, Optional.empty(), Optional.empty());

    /** example.org is hosted: alice and bob are users, sales an alias of both, fwd forwards away. */
    private static final Directory DIRECTORY = new Directory() {
        private final Map<String, List<String>> table = Map.of(
                "alice@example.org", List.of(),
                "bob@example.org", List.of(),
                "sales@example.org", List.of("alice@example.org", "bob@example.org"),
                "fwd@example.org", List.of("friend@elsewhere.test"));

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

    @TempDir
    Path dir;

    private Queue queue;
    private final AtomicInteger delivered = new AtomicInteger();

    private Intake intake() throws IOException {
        queue = new Queue(dir.resolve("queue"), CLOCK);
        return new Intake(DIRECTORY, new RelayPolicy(List.of(Cidr.parse("127.0.0.1/32"))), queue, "mx.example.org",
                CLOCK, ip -> false).deliveringLocally(new MaildirStore(dir.resolve("mail"), "mx.example.org"),
                delivered::incrementAndGet);
    }

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private static Envelope envelope(String... recipients) {
        return new Envelope(SENDER, Arrays.stream(recipients).map(a -> Recipient.of(MailAddress.parse(a))).toList(),
                MailParameters.NONE);
    }

    private List<Path> files(String user, String folder) throws IOException {
        Path path = dir.resolve("mail/example.org").resolve(user).resolve("Maildir").resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.toList();
        }
    }

    @Test
    void hostedMailIsInEveryMailboxBeforeThe250AndNeverQueued() throws IOException {
        var sink = intake().open(STRANGER, envelope("sales@example.org"));
        sink.body().write(BODY);

        assertThat(files("alice", "new")).isEmpty();
        assertThat(files("alice", "tmp")).hasSize(1);
        Reply reply = sink.commit();

        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.text()).startsWith("Ok: queued as ");
        assertThat(queue.recover()).isEmpty();
        for (String user : List.of("alice", "bob")) {
            assertThat(files(user, "tmp")).isEmpty();
            var delivered = files(user, "new");
            assertThat(delivered).hasSize(1);
            String content = Files.readString(delivered.getFirst());
            assertThat(content).startsWith("Return-Path: <sender@example.net>\r\nDelivered-To: " + user
                    + "@example.org\r\nReceived: from client.example ");
            assertThat(content).contains(" id " + reply.text().substring("Ok: queued as ".length()));
            assertThat(content).endsWith("\r\n" + new String(BODY, StandardCharsets.US_ASCII));
            assertThat(delivered.getFirst().getFileName().toString())
                    .endsWith(",S=" + content.length() + ",W=" + content.length());
        }
        assertThat(delivered).hasValue(2);
    }

    @Test
    void mailWithARemoteTargetIsQueuedWhole() throws IOException {
        var sink = intake().open(STRANGER, envelope("alice@example.org", "fwd@example.org"));
        sink.body().write(BODY);

        assertThat(sink.commit().code()).isEqualTo(250);
        assertThat(files("alice", "new")).isEmpty();
        assertThat(queue.recover()).singleElement().satisfies(entry -> assertThat(entry.recipients())
                .extracting(r -> r.address().toString()).containsExactly("alice@example.org", "friend@elsewhere.test"));
        assertThat(delivered).hasValue(0);
    }

    @Test
    void anAbortedMessageLeavesNoFileInAnyFolder() throws IOException {
        var sink = intake().open(STRANGER, envelope("sales@example.org"));
        sink.body().write(BODY);
        sink.abort();

        for (String user : List.of("alice", "bob")) {
            assertThat(files(user, "tmp")).isEmpty();
            assertThat(files(user, "new")).isEmpty();
        }
        assertThat(queue.recover()).isEmpty();
    }

    @Test
    void aMailboxThatCannotBeWrittenAnswers451AndDeliversNoCopy() throws IOException {
        var intake = intake();
        var sink = intake.open(STRANGER, envelope("sales@example.org"));
        sink.body().write(BODY);
        // alice's copy links first; bob's new/ is now a file, so his link fails after it
        Path bobNew = dir.resolve("mail/example.org/bob/Maildir/new");
        Files.delete(bobNew);
        Files.writeString(bobNew, "not a directory");

        Reply reply = sink.commit();

        assertThat(reply.wire()).isEqualTo("451 4.3.0 Error: mailbox write error\r\n");
        assertThat(files("alice", "new")).as("alice's copy taken back out").isEmpty();
        assertThat(files("alice", "tmp")).isEmpty();
        assertThat(files("bob", "tmp")).isEmpty();
        assertThat(queue.recover()).isEmpty();
        assertThat(delivered).hasValue(0);
    }

    @Test
    void aMailboxNameThatCannotBeADirectoryGoesByTheQueue() throws IOException {
        var intake = intake();
        Files.createDirectories(dir.resolve("mail"));
        Files.writeString(dir.resolve("mail/example.org"), "a file where the domain's directory belongs");
        var sink = intake.open(STRANGER, envelope("alice@example.org"));
        sink.body().write(BODY);

        assertThat(sink.commit().code()).isEqualTo(250);
        assertThat(queue.recover()).hasSize(1);
    }
}
