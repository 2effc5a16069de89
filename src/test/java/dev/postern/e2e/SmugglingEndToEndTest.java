package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP smuggling (CVE-2023-51764 class) over real sockets: a fake end of data made of bare CR/LF
 * or NULs around a dot, followed by a second transaction and a real CRLF.CRLF, yields exactly one
 * message per transaction; the would-be second message is only text inside the first.
 */
class SmugglingEndToEndTest {

    @TempDir
    static Path dir;

    static E2eServer server;

    /** Each variant writes to its own mailbox, so "exactly one message" is counted exactly. */
    private static final List<String> MAILBOXES = List.of("lf-dot-lf", "cr-dot-cr", "lf-dot-crlf", "crlf-dot-lf",
            "cr-dot-crlf", "crlf-dot-cr-crlf", "crlf-dot-cr", "nul-before-dot", "nul-after-dot", "lf-dot-nul-crlf",
            "py-lf-dot-lf", "py-cr-dot-cr", "py-lf-dot-crlf", "py-crlf-dot-lf");

    @BeforeAll
    static void start() throws Exception {
        server = E2eServer.configure(dir, "",
                MAILBOXES.stream().map(m -> m + "@example.test").toArray(String[]::new)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "lf-dot-lf,        \\n.\\n",
            "cr-dot-cr,        \\r.\\r",
            "lf-dot-crlf,      \\n.\\r\\n",
            "crlf-dot-lf,      \\r\\n.\\n",
            "cr-dot-crlf,      \\r.\\r\\n",
            "crlf-dot-cr-crlf, \\r\\n.\\r\\r\\n",
            "crlf-dot-cr,      \\r\\n.\\r",
            "nul-before-dot,   \\r\\n\\0.\\r\\n",
            "nul-after-dot,    \\r\\n.\\0\\r\\n",
            "lf-dot-nul-crlf,  \\n.\\0\\r\\n"})
    void aFakeEndOfDataNeverStartsASecondMessage(String mailbox, String escaped) throws Exception {
        String rcpt = mailbox + "@example.test";
        byte[] content = ("From: <bob@sender.test>\r\nTo: <" + rcpt + ">\r\nSubject: first " + mailbox
                + "\r\n\r\nfirst body" + unescape(escaped)
                + "MAIL FROM:<admin@victim.test>\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n"
                + "From: <admin@victim.test>\r\nSubject: smuggled " + mailbox + "\r\n\r\nsmuggled\r\n.\r\n")
                .getBytes(ISO_8859_1);
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO smuggler.test").getLast()).startsWith("250 ");
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<" + rcpt + ">").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(content);
            assertThat(wire.last()).startsWith("250 2.0.0 Ok: queued as ");
            // Had the fake end been taken, the next replies would answer the smuggled MAIL/RCPT/DATA.
            assertThat(wire.command("QUIT")).singleElement().asString().startsWith("221 ");
        }
        assertExactlyOneMessage(mailbox);
    }

    /** The same attack from Python's socket module, through the harness script's own variants. */
    @ParameterizedTest(name = "smuggle.py {0}")
    @ValueSource(strings = {"lf-dot-lf", "cr-dot-cr", "lf-dot-crlf", "crlf-dot-lf"})
    void smugglePyVariantsYieldOneMessage(String variant) throws Exception {
        String mailbox = "py-" + variant;
        var result = ExternalClient.python("smuggle.py", "--port", String.valueOf(server.port("smtp")),
                "--variant", variant, "--from", "bob@sender.test", "--to", mailbox + "@example.test");

        assertThat(result.ok()).as(result.toString()).isTrue();
        List<String> replies = result.stdout().lines().filter(l -> l.startsWith("S: ")).toList();
        assertThat(replies).as(result.toString()).filteredOn(l -> l.startsWith("S: 250 2.0.0 Ok: queued as")).hasSize(1);
        assertThat(replies).as(result.toString()).filteredOn(l -> l.startsWith("S: 354")).hasSize(1);
        assertThat(replies.getLast()).as(result.toString()).startsWith("S: 221 ");
        assertExactlyOneMessage(mailbox);
    }

    /** RFC 3207 §4.2 (CVE-2011-0411): commands pipelined behind STARTTLS are refused, never run after TLS. */
    @Test
    void plaintextPipelinedBehindStartTlsIsRefused() throws Exception {
        var result = ExternalClient.python("smuggle.py", "--port", String.valueOf(server.port("smtp")),
                "--variant", "starttls-injection");

        // the server closes after the 554; the script may die writing its QUIT into the closed socket
        assertThat(result.timedOut()).isFalse();
        List<String> replies = result.stdout().lines().filter(l -> l.startsWith("S: ")).toList();
        assertThat(replies.getLast()).as(result.toString()).startsWith("S: 554 5.5.1 ");
        assertThat(replies).as(result.toString()).noneMatch(l -> l.startsWith("S: 220 2.0.0"));
    }

    /** Commands ended by a bare LF are read as lines (as Postfix's "normalize"); only DATA's end is strict. */
    @Test
    void commandsEndedByBareLfAreUnderstood() throws Exception {
        var result = ExternalClient.python("smuggle.py", "--port", String.valueOf(server.port("smtp")),
                "--variant", "bare-lf-commands");

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).as(result.toString()).contains("S: 250 DSN", "S: 250 2.0.0 Ok", "S: 221 ");
    }

    private static void assertExactlyOneMessage(String mailbox) throws Exception {
        server.awaitMail(mailbox, 1);
        server.awaitQueueEmpty();                               // every accepted entry has been delivered
        List<byte[]> messages = server.awaitMail(mailbox, 1);   // and it made exactly one file
        String stored = new String(messages.getFirst(), ISO_8859_1);
        String body = stored.substring(stored.indexOf("\r\n\r\n"));
        assertThat(stored).contains("first body");
        assertThat(body).as("the smuggled transaction is text inside the first message").contains("smuggled");
        assertThat(server.allMail()).filteredOn(f -> f.toString().contains("/" + mailbox + "/")).hasSize(1);
    }

    private static String unescape(String escaped) {
        return escaped.strip().replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0");
    }
}
