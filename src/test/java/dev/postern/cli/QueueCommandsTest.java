package dev.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.queue.Queue;
import dev.postern.queue.QueueEntry;
import dev.postern.queue.QueueWriter;
import dev.postern.queue.RecipientStatus;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code postern queue …} in-process, on real queue entries in a temp data directory. */
class QueueCommandsTest {

    private static final byte[] CONTENT = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final ReversePath ALICE = new ReversePath.Sender(MailAddress.parse("alice@example.test"));

    @TempDir
    Path dir;
    Path conf;
    Path queueDir;
    /** A second process's view, as the running server would hold it. */
    Queue server;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void setUp() throws Exception {
        conf = Files.writeString(dir.resolve("postern.conf"), "hostname = mx.example.test\ndata_dir = "
                + dir.resolve("data") + "\n");
        assertThat(postern("init").exit()).isZero();
        queueDir = dir.resolve("data/queue");
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private Run postern(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", conf.toString()));
        return bare(all.toArray(String[]::new));
    }

    /** Without {@code --config}: the group command {@code queue} takes none. */
    private Run bare(String... args) {
        CommandLine line = PosternCommand.commandLine(new PosternCommand(new ByteArrayInputStream(new byte[0])));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return new Run(line.execute(args), out.toString(), err.toString());
    }

    private QueueEntry enqueue(Duration ago, String... recipients) throws IOException {
        var queue = new Queue(queueDir, Clock.offset(Clock.systemUTC(), ago.negated()));
        try (queue) {
            QueueWriter writer = queue.receive(ALICE, java.util.Arrays.stream(recipients)
                    .map(r -> Recipient.of(MailAddress.parse(r))).toList(), MailParameters.NONE, "test [127.0.0.1]");
            writer.body().write(CONTENT);
            return writer.commit();
        }
    }

    private List<RecipientStatus> status(QueueEntry entry) throws IOException {
        return server.status(entry);
    }

    /** Two entries: an old one with bob deferred and carol pending, a fresh one to dave. */
    private List<QueueEntry> twoEntries() throws IOException {
        var old = enqueue(Duration.ofMinutes(30), "bob@remote.test", "carol@other.test");
        var fresh = enqueue(Duration.ZERO, "dave@remote.test");
        server = new Queue(queueDir, Clock.systemUTC());
        server.record(old, List.of(new RecipientStatus.Deferred("mx.remote.test said: 451 4.3.0 try later",
                Instant.now().plus(Duration.ofMinutes(20))), RecipientStatus.PENDING));
        return List.of(old, fresh);
    }

    @Test
    void listShowsOneLinePerEntryWithRecipientStatuses() throws IOException {
        var entries = twoEntries();

        var all = postern("queue", "list");
        assertThat(all.exit()).isZero();
        var lines = all.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith(entries.get(0).id().value()).contains(" 30m ")
                .contains(" " + CONTENT.length + "  <alice@example.test>")
                .contains("bob@remote.test deferred, next attempt 20")
                .contains("(mx.remote.test said: 451 4.3.0 try later)")
                .contains("carol@other.test pending");
        assertThat(lines.get(1)).startsWith(entries.get(1).id().value()).contains("dave@remote.test pending");

        assertThat(postern("queue", "list", "--deferred").out().lines()).singleElement().asString()
                .startsWith(entries.get(0).id().value());
        assertThat(postern("queue", "list", "--domain", "other.test").out().lines()).singleElement().asString()
                .startsWith(entries.get(0).id().value());
        assertThat(postern("queue", "list", "--domain", "remote.test").out().lines()).hasSize(2);
        assertThat(postern("queue", "list", "--held").out()).isEqualTo("queue is empty (for this selection)\n");
    }

    @Test
    void anEmptyQueueSaysSo() {
        var run = postern("queue", "list");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("queue is empty\n");
    }

    @Test
    void showPrintsTheEnvelopeAndEachRecipient() throws IOException {
        var old = twoEntries().get(0);
        var run = postern("queue", "show", old.id().value());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("id:       " + old.id()).contains("sender:   <alice@example.test>")
                .contains("client:   test [127.0.0.1]").contains("held:     no")
                .contains("rcpt:     bob@remote.test deferred").contains("rcpt:     carol@other.test pending")
                .contains("size:     " + CONTENT.length + " bytes");
    }

    @Test
    void holdAndReleaseMarkTheEntry() throws IOException {
        var fresh = twoEntries().get(1);
        var hold = postern("queue", "hold", fresh.id().value());
        assertThat(hold.exit()).isZero();
        assertThat(hold.out()).isEqualTo("held " + fresh.id() + "\n");
        assertThat(server.held(fresh)).isTrue();
        assertThat(postern("queue", "list", "--held").out().lines()).singleElement().asString()
                .startsWith(fresh.id().value()).contains("HELD");
        assertThat(postern("queue", "show", fresh.id().value()).out()).contains("held:     yes");

        var release = postern("queue", "release", fresh.id().value());
        assertThat(release.exit()).isZero();
        assertThat(release.out()).isEqualTo("released " + fresh.id() + "\n");
        assertThat(server.held(fresh)).isFalse();
    }

    @Test
    void flushMakesDeferredRecipientsDueNow() throws IOException {
        var entries = twoEntries();
        var old = entries.get(0);
        Instant before = Instant.now();

        var one = postern("queue", "flush", old.id().value());
        assertThat(one.exit()).isZero();
        assertThat(one.out()).isEqualTo("flushed " + old.id() + "\n");
        assertThat(status(old).get(0)).isInstanceOfSatisfying(RecipientStatus.Deferred.class,
                d -> assertThat(d.nextAttempt()).isBetween(before, Instant.now()));
        assertThat(status(old).get(1)).isEqualTo(RecipientStatus.PENDING);
        assertThat(postern("queue", "list").out()).contains("bob@remote.test deferred, next attempt now");

        var all = postern("queue", "flush");
        assertThat(all.exit()).isZero();
        assertThat(all.out()).isEqualTo("flushed 2 entries\n");
    }

    @Test
    void deleteRemovesTheEntryWithoutABounce() throws IOException {
        var entries = twoEntries();
        var run = postern("queue", "delete", entries.get(0).id().value());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("deleted " + entries.get(0).id() + "\n");
        assertThat(server.exists(entries.get(0))).isFalse();
        assertThat(server.entries()).containsExactly(entries.get(1));
    }

    @Test
    void summaryCountsUndeliveredRecipientsByDomainAndAge() throws IOException {
        twoEntries();
        var run = postern("queue", "summary");
        assertThat(run.exit()).isZero();
        var lines = run.out().lines().toList();
        assertThat(lines.get(0).strip().split(" +")).containsExactly(
                "T", "5", "10", "20", "40", "80", "160", "320", "640", "1280", "1280+");
        assertThat(lines.get(1).strip().split(" +")).containsExactly("TOTAL", "3", "1", "0", "0", "2", "0", "0",
                "0", "0", "0", "0");
        assertThat(lines.get(2).strip().split(" +")).containsExactly("other.test", "1", "0", "0", "0", "1", "0",
                "0", "0", "0", "0", "0");
        assertThat(lines.get(3).strip().split(" +")).containsExactly("remote.test", "2", "1", "0", "0", "1", "0",
                "0", "0", "0", "0", "0");
        assertThat(lines).hasSize(4);
    }

    @Test
    void unknownOrMalformedIdsAreOneLineErrors() throws IOException {
        var old = twoEntries().get(0);
        String missing = "0000000000000";
        for (String command : List.of("show", "flush", "delete", "hold", "release")) {
            var run = postern("queue", command, missing);
            assertThat(run.exit()).as(command).isEqualTo(1);
            assertThat(run.out()).as(command).isEmpty();
            assertThat(run.err()).as(command).isEqualTo("postern: no queue entry " + missing + "\n");
        }
        assertThat(postern("queue", "show", "not-an-id").err()).isEqualTo("postern: no queue entry not-an-id\n");
        assertThat(postern("queue", "delete", old.id().value()).exit()).isZero();
        assertThat(postern("queue", "delete", old.id().value()).err())
                .isEqualTo("postern: no queue entry " + old.id() + "\n");
    }

    @Test
    void usageErrorsExitWithOne() {
        var both = postern("queue", "list", "--deferred", "--held");
        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.err()).startsWith("postern: ").contains("mutually exclusive");
        var group = bare("queue");
        assertThat(group.exit()).isEqualTo(1);
        assertThat(group.err()).startsWith("postern: missing command");
        assertThat(postern("queue", "show").exit()).isEqualTo(1);
    }

    @Test
    void aDataDirectoryWithoutAQueueIsAUserError() throws IOException {
        Files.writeString(conf, "hostname = mx.example.test\ndata_dir = " + dir.resolve("elsewhere") + "\n");
        Files.createDirectories(dir.resolve("elsewhere"));
        var run = postern("queue", "list");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("postern: no queue at " + dir.resolve("elsewhere/queue")
                + " (run postern init first)\n");
        assertThat(dir.resolve("elsewhere/queue")).doesNotExist();
    }

    @Test
    void leavesMessagesBeingReceivedAlone() throws IOException {
        twoEntries();
        QueueWriter receiving = server.receive(ALICE, List.of(Recipient.of(MailAddress.parse("erin@remote.test"))),
                MailParameters.NONE, "test [127.0.0.1]");
        receiving.body().write(CONTENT);
        for (String command : List.of("list", "summary", "flush")) {
            assertThat(postern("queue", command).exit()).as(command).isZero();
        }
        assertThat(Files.list(queueDir.resolve("incoming")).toList()).hasSize(1);
        QueueEntry committed = receiving.commit();
        assertThat(postern("queue", "list").out()).contains(committed.id().value());
    }
}
