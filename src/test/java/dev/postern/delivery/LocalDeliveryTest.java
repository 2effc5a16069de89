package dev.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.mailbox.MaildirStore;
import dev.postern.queue.Outcome;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueRunner;
import dev.postern.queue.RecipientStatus;
import dev.postern.queue.RetrySchedule;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDeliveryTest {

    @TempDir
    Path data;

    private static final String CONTENT = "Subject: hello\r\n\r\nHi Alice.\r\n";
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T01:00:00Z"), ZoneOffset.UTC);
    private Queue queue;
    private QueueRunner runner;

    @BeforeEach
    void setUp() throws IOException {
        queue = new Queue(data.resolve("queue"), clock);
        var local = new LocalDelivery(new MaildirStore(data.resolve("mail"), "mx.example"));
        runner = new QueueRunner(queue, new Router(Set.of("example.org")::contains, local),
                RetrySchedule.DEFAULT, clock, 1);
    }

    @AfterEach
    void tearDown() {
        queue.close();
    }

    private void enqueue(ReversePath sender, String... recipients) throws IOException {
        var writer = queue.receive(sender,
                java.util.Arrays.stream(recipients).map(r -> Recipient.of(MailAddress.parse(r))).toList(),
                MailParameters.NONE, "test [127.0.0.1]");
        writer.body().write(CONTENT.getBytes(StandardCharsets.US_ASCII));
        writer.commit();
    }

    private List<String> messagesOf(String localPart) throws IOException {
        Path dir = data.resolve("mail/example.org").resolve(localPart).resolve("Maildir/new");
        try (var files = Files.list(dir)) {
            return files.map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void theRunnerDeliversIntoTheMaildirWithReturnPathAndDeliveredTo() throws IOException {
        enqueue(new ReversePath.Sender(MailAddress.parse("sender@example.net")), "Alice@example.org");

        runner.deliverDue();

        assertThat(messagesOf("alice")).containsExactly(
                "Return-Path: <sender@example.net>\r\nDelivered-To: Alice@example.org\r\n" + CONTENT);
        assertThat(data.resolve("queue/active")).isEmptyDirectory();
    }

    @Test
    void aBounceKeepsItsNullReturnPath() throws IOException {
        enqueue(ReversePath.NULL, "bob@example.org");

        runner.deliverDue();

        assertThat(messagesOf("bob")).singleElement().asString().startsWith("Return-Path: <>\r\n");
    }

    @Test
    void remoteRecipientsAreDeferredAndStayQueuedWhileLocalOnesAreDelivered() throws IOException {
        enqueue(new ReversePath.Sender(MailAddress.parse("alice@example.org")), "carol@example.org", "friend@elsewhere.test");

        runner.deliverDue();

        assertThat(messagesOf("carol")).hasSize(1);
        var entry = queue.recover().getFirst();
        var status = queue.status(entry);
        assertThat(status.get(0)).isEqualTo(RecipientStatus.DELIVERED);
        assertThat(status.get(1)).isInstanceOfSatisfying(RecipientStatus.Deferred.class,
                d -> assertThat(d.reason()).isEqualTo("451 4.4.0 remote delivery not enabled yet"));
    }

    @Test
    void aMailboxThatCannotBeWrittenIsDeferredNotFailed() throws IOException {
        // A plain file where the domain directory should be: the Maildir cannot be created.
        Files.createDirectories(data.resolve("mail"));
        Files.writeString(data.resolve("mail/example.org"), "in the way");
        var local = new LocalDelivery(new MaildirStore(data.resolve("mail"), "mx.example"));

        var outcomes = local.deliver(
                new dev.postern.queue.QueueEntry(null, clock.instant(), ReversePath.NULL,
                        List.of(Recipient.of(MailAddress.parse("dave@example.org"))), MailParameters.NONE, "c", 3),
                List.of(Recipient.of(MailAddress.parse("dave@example.org"))),
                () -> new java.io.ByteArrayInputStream("x\r\n".getBytes(StandardCharsets.US_ASCII)));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Deferred.class,
                d -> assertThat(d.reason().code()).isEqualTo(451));
    }

    @Test
    void diskFullIsRecognisedFromTheErrorText() {
        // local delivery answers 452 for these, as intake does (MessageSink.diskFull is shared)
        assertThat(dev.postern.smtp.server.MessageSink.diskFull(new IOException("No space left on device"))).isTrue();
        assertThat(dev.postern.smtp.server.MessageSink.diskFull(new IOException("x", new IOException("Disk quota exceeded"))))
                .isTrue();
        assertThat(dev.postern.smtp.server.MessageSink.diskFull(new IOException("Permission denied"))).isFalse();
    }
}
