package dev.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T01:00:00Z"));
    private Queue queue;

    static final byte[] CONTENT = "Subject: test\r\n\r\nline one\r\nline two\r\n".getBytes(StandardCharsets.US_ASCII);
    static final ReversePath SENDER = new ReversePath.Sender(MailAddress.parse("sender@example.net"));

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private Queue open() throws IOException {
        if (queue != null) {
            queue.close();
        }
        queue = new Queue(dir, clock);
        return queue;
    }

    static QueueEntry write(Queue queue, List<Recipient> recipients, byte[] content) throws IOException {
        var writer = queue.receive(SENDER, recipients, MailParameters.NONE, "client.example [127.0.0.1]");
        writer.body().write(content);
        return writer.commit();
    }

    @Test
    void aCommittedEntryComesBackWhole() throws IOException {
        var rcpt = new Recipient(MailAddress.parse("\"odd name\"@example.org"),
                EnumSet.of(Recipient.Notify.SUCCESS, Recipient.Notify.FAILURE), Optional.of("rfc822;a+2Bb@example.org"));
        var params = new MailParameters(OptionalLong.of(1234), MailParameters.Body.EIGHT_BIT_MIME, true,
                Optional.of(MailParameters.Ret.HDRS), Optional.of("env id 1"));
        var writer = open().receive(ReversePath.NULL, List.of(rcpt, Recipient.of(MailAddress.parse("b@example.org"))),
                params, "helo [127.0.0.1] user=ü");
        writer.body().write(CONTENT);
        QueueEntry committed = writer.commit();

        var recovered = open().recover();

        assertThat(recovered).containsExactly(committed);
        var entry = recovered.getFirst();
        assertThat(entry.sender()).isEqualTo(ReversePath.NULL);
        assertThat(entry.recipients().getFirst()).isEqualTo(rcpt);
        assertThat(entry.parameters()).isEqualTo(params);
        assertThat(entry.client()).isEqualTo("helo [127.0.0.1] user=ü");
        assertThat(entry.arrival()).isEqualTo(clock.instant());
        assertThat(entry.size()).isEqualTo(CONTENT.length);
        try (var in = queue.openContent(entry)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
        assertThat(dir.resolve("incoming")).isEmptyDirectory();
    }

    @Test
    void commitFsyncsTheFileAndTheDirectory() throws IOException {
        write(open(), List.of(Recipient.of(MailAddress.parse("a@example.org"))), CONTENT);

        assertThat(queue.fileSyncs()).isEqualTo(1);
        assertThat(queue.directorySyncs()).isEqualTo(1);
    }

    @Test
    void uncommittedIncomingFilesAreDiscardedAtRecovery() throws IOException {
        var writer = open().receive(SENDER, List.of(Recipient.of(MailAddress.parse("a@example.org"))),
                MailParameters.NONE, "c");
        writer.body().write(CONTENT);
        writer.body().flush();
        assertThat(dir.resolve("incoming")).isNotEmptyDirectory();
        // crash: the writer is never committed

        assertThat(open().recover()).isEmpty();
        assertThat(dir.resolve("incoming")).isEmptyDirectory();
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void anAbortedMessageLeavesNothing() throws IOException {
        var writer = open().receive(SENDER, List.of(Recipient.of(MailAddress.parse("a@example.org"))),
                MailParameters.NONE, "c");
        writer.body().write(CONTENT);
        writer.abort();

        assertThat(dir.resolve("incoming")).isEmptyDirectory();
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void aTruncatedActiveFileIsQuarantinedAndTheOthersStillLoad() throws IOException {
        var good = write(open(), List.of(Recipient.of(MailAddress.parse("a@example.org"))), CONTENT);
        var bad = write(queue, List.of(Recipient.of(MailAddress.parse("b@example.org"))), CONTENT);
        Path badFile = dir.resolve("active").resolve(bad.id().value());
        try (var file = new RandomAccessFile(badFile.toFile(), "rw")) {
            file.setLength(file.length() - 5);
        }

        var recovered = open().recover();

        assertThat(recovered).containsExactly(good);
        assertThat(dir.resolve("corrupt").resolve(bad.id().value())).exists();
        assertThat(badFile).doesNotExist();
    }

    @Test
    void aFileWithABadHeaderIsQuarantined() throws IOException {
        open();
        Path junk = dir.resolve("active/0000000000000");
        Files.writeString(junk, "postern-queue 1\nid 0000000000000\nrcpt nonsense\n\nbody");
        Path garbage = dir.resolve("active/ZZZZZZZZZZZZZ");
        Files.write(garbage, new byte[] {1, 2, 3});

        assertThat(queue.recover()).isEmpty();

        assertThat(dir.resolve("corrupt")).isDirectoryContaining(p -> p.endsWith("0000000000000"))
                .isDirectoryContaining(p -> p.endsWith("ZZZZZZZZZZZZZ"));
        assertThat(dir.resolve("active")).isEmptyDirectory();
    }

    @Test
    void statusIsPendingUntilRecordedAndSurvivesARestart() throws IOException {
        var entry = write(open(), List.of(Recipient.of(MailAddress.parse("a@example.org")),
                Recipient.of(MailAddress.parse("b@example.org"))), CONTENT);
        assertThat(queue.status(entry)).containsExactly(RecipientStatus.PENDING, RecipientStatus.PENDING);
        var deferred = new RecipientStatus.Deferred("451 4.3.0 try later", clock.instant().plusSeconds(300));

        queue.record(entry, List.of(RecipientStatus.DELIVERED, deferred));

        var reopened = open();
        var recovered = reopened.recover().getFirst();
        assertThat(reopened.status(recovered)).containsExactly(RecipientStatus.DELIVERED, deferred);
        assertThat(dir.resolve("active")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void removedEntriesAreGoneWithTheirStatus() throws IOException {
        var entry = write(open(), List.of(Recipient.of(MailAddress.parse("a@example.org"))), CONTENT);
        queue.record(entry, List.of(new RecipientStatus.Failed("550 5.1.1 no")));

        queue.remove(entry);

        assertThat(dir.resolve("active")).isEmptyDirectory();
        assertThat(open().recover()).isEmpty();
    }

    @Test
    void idsAreUniqueAndSortByArrival() throws IOException {
        open();
        var first = write(queue, List.of(Recipient.of(MailAddress.parse("a@example.org"))), CONTENT);
        var second = write(queue, List.of(Recipient.of(MailAddress.parse("a@example.org"))), CONTENT);
        clock.advance(java.time.Duration.ofMillis(1));
        var third = write(queue, List.of(Recipient.of(MailAddress.parse("a@example.org"))), CONTENT);

        assertThat(List.of(first.id(), second.id(), third.id())).doesNotHaveDuplicates().isSorted();
        assertThat(open().recover()).extracting(QueueEntry::id).containsExactly(first.id(), second.id(), third.id());
    }
}
