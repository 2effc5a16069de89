package dev.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.queue.Diagnosis;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueEntry;
import dev.postern.queue.Undelivered;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BouncesTest {

    static final byte[] ORIGINAL = ("From: Alice <alice@customer.test>\r\nTo: bob@remote.test\r\n"
            + "Subject: quarterly figures\r\nMessage-ID: <q1@customer.test>\r\n\r\nThe secret body.\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    static final Diagnosis USER_UNKNOWN = new Diagnosis(Reply.of(550, Status.BAD_DESTINATION_MAILBOX,
            "<bob@remote.test>: Recipient address rejected: User unknown"), Optional.of("mx.remote.test[127.0.0.2]:25"));

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T05:00:00Z"), ZoneOffset.UTC);
    private final List<QueueEntry> committed = new CopyOnWriteArrayList<>();
    private Queue queue;
    private Bounces bounces;

    @BeforeEach
    void open() throws IOException {
        queue = new Queue(dir.resolve("queue"), clock);
        bounces = new Bounces(queue, new BounceSettings("mail.postern.test", 100_000, Duration.ofDays(5)), clock);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private QueueEntry original(ReversePath sender, MailParameters parameters, Recipient... rcpts) throws IOException {
        queue.onCommit(e -> { }); // only the notices are collected
        var writer = queue.receive(sender, List.of(rcpts), parameters, "test");
        writer.body().write(ORIGINAL);
        var entry = writer.commit();
        queue.onCommit(committed::add);
        return entry;
    }

    private static Recipient bob(Set<Recipient.Notify> notify) {
        return new Recipient(MailAddress.parse("bob@remote.test"), notify, Optional.of("rfc822;Bob+2Bx@Remote.test"));
    }

    private String content(QueueEntry notice) throws IOException {
        try (var in = queue.openContent(notice)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBounceIsADeliveryStatusReportThatPythonReads() throws Exception {
        var params = new MailParameters(OptionalLong.empty(), MailParameters.Body.SEVEN_BIT, false, Optional.empty(),
                Optional.of("ENV+2B42"));
        var entry = original(new ReversePath.Sender(MailAddress.parse("alice@customer.test")), params, bob(Set.of()));
        bounces.failed(entry, List.of(new Undelivered(entry.recipients().getFirst(), USER_UNKNOWN)));

        var notice = committed.getFirst();
        assertThat(notice.sender()).isEqualTo(ReversePath.NULL);
        assertThat(notice.recipients()).extracting(r -> r.address().toString()).containsExactly("alice@customer.test");
        String text = content(notice);
        assertThat(text).contains("mx.remote.test[127.0.0.2]:25 answered:", "check the address for typing mistakes")
                .contains("Subject: quarterly figures").doesNotContain("The secret body.");
        assertThat(text).doesNotContainPattern("[^\r]\n").doesNotContainPattern("\r[^\n]");

        Path file = dir.resolve("bounce.eml");
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        assertThat(python(file)).isEqualTo(String.join("\n",
                "multipart/report delivery-status",
                "text/plain|message/delivery-status|text/rfc822-headers",
                "mail.postern.test ENV+42",
                "rfc822; bob@remote.test|rfc822;Bob+x@Remote.test|failed|5.1.1|dns; mx.remote.test",
                "smtp; 550 5.1.1 <bob@remote.test>: Recipient address rejected: User unknown"));
    }

    @Test
    void retFullReturnsTheWholeMessage() throws Exception {
        var params = new MailParameters(OptionalLong.empty(), MailParameters.Body.SEVEN_BIT, false,
                Optional.of(MailParameters.Ret.FULL), Optional.empty());
        var entry = original(new ReversePath.Sender(MailAddress.parse("alice@customer.test")), params, bob(Set.of()));
        bounces.failed(entry, List.of(new Undelivered(entry.recipients().getFirst(), USER_UNKNOWN)));
        assertThat(content(committed.getFirst())).contains("Content-Type: message/rfc822", "The secret body.");
    }

    @Test
    void noBounceToTheNullSenderAndNotifyIsHonoured() throws Exception {
        var fromNull = original(ReversePath.NULL, MailParameters.NONE, bob(Set.of()));
        bounces.failed(fromNull, List.of(new Undelivered(fromNull.recipients().getFirst(), USER_UNKNOWN)));
        assertThat(committed).isEmpty();

        var sender = new ReversePath.Sender(MailAddress.parse("alice@customer.test"));
        var never = original(sender, MailParameters.NONE, bob(Set.of(Recipient.Notify.NEVER)));
        bounces.failed(never, List.of(new Undelivered(never.recipients().getFirst(), USER_UNKNOWN)));
        bounces.delayed(never, List.of(new Undelivered(never.recipients().getFirst(), USER_UNKNOWN)));
        assertThat(committed).isEmpty();

        var delayOnly = original(sender, MailParameters.NONE, bob(Set.of(Recipient.Notify.DELAY)));
        var late = new Diagnosis(Reply.of(451, Status.SYSTEM_ERROR, "try later"), Optional.empty());
        bounces.failed(delayOnly, List.of(new Undelivered(delayOnly.recipients().getFirst(), late)));
        assertThat(committed).isEmpty();
        bounces.delayed(delayOnly, List.of(new Undelivered(delayOnly.recipients().getFirst(), late)));
        assertThat(committed).hasSize(1);
        String text = content(committed.getFirst());
        assertThat(text).contains("Subject: Delayed Mail", "Action: delayed", "Status: 4.3.0",
                "Will-Retry-Until:", "you do not need to send it again");
    }

    /** Python's email package reads the report: types, per-message and per-recipient fields. */
    static String python(Path file) throws Exception {
        String script = """
                import email, sys
                from email import policy
                m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
                print(m.get_content_type(), m.get_param('report-type'))
                parts = list(m.iter_parts())
                print('|'.join(p.get_content_type() for p in parts))
                groups = parts[1].get_payload()
                print(groups[0]['Reporting-MTA'].split('; ')[1], groups[0]['Original-Envelope-Id'])
                r = groups[1]
                print('|'.join([r['Final-Recipient'], r['Original-Recipient'], r['Action'], r['Status'], r['Remote-MTA']]))
                print(r['Diagnostic-Code'])
                """;
        var process = new ProcessBuilder("/usr/bin/python3", "-c", script, file.toString())
                .redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python did not finish");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
