package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mail from clients nobody here wrote (Python's smtplib, swaks) over real sockets, on every
 * listener and TLS mode, lands in the Maildir exactly as sent (dot-unstuffed) below our trace headers.
 */
class ReceiveEndToEndTest {

    @TempDir
    static Path dir;

    static E2eServer server;

    @BeforeAll
    static void start() throws Exception {
        server = E2eServer.configure(dir, "", "alice@example.test", "erin@example.test").start();
        server.cli("", "alias", "add", "sales@example.test", "alice@example.test,erin@example.test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** CRLF throughout, with lines that smtplib must dot-stuff and we must unstuff. */
    private static byte[] message(String token) {
        return ("From: Bob <bob@sender.test>\r\n"
                + "To: Alice <alice@example.test>\r\n"
                + "Subject: " + token + "\r\n"
                + "Message-ID: <" + token + "@sender.test>\r\n"
                + "\r\n"
                + "Hello Alice,\r\n"
                + ".\r\n"
                + "..\r\n"
                + ".leading dot\r\n"
                + "..two leading dots\r\n"
                + "...\r\n"
                + " . not at the start\r\n"
                + "last line\r\n").getBytes(ISO_8859_1);
    }

    /**
     * On the submission ports a server that requires authentication answers 530; the client then
     * does what a mail program does, logs in with the mailbox's own credentials and sends again.
     */
    @ParameterizedTest(name = "smtplib {1} on {0}")
    @CsvSource({
            "smtp, plain, ESMTP, bob@sender.test",
            "smtp, starttls, ESMTPS, bob@sender.test",
            "submission, starttls, ESMTPS, alice@example.test",
            "submissions, implicit-tls, ESMTPS, alice@example.test"})
    void smtplibDeliversTheMessageAsSent(String listener, String mode, String protocol, String from)
            throws Exception {
        String token = "smtplib-" + listener + "-" + mode + "-" + UUID.randomUUID();
        byte[] sent = message(token);
        Path eml = Files.write(dir.resolve(token + ".eml"), sent);
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(server.port(listener)),
                "--mode", mode, "--from", from, "--to", "alice@example.test", "--eml", eml.toString()));

        var result = ExternalClient.python("send.py", args.toArray(String[]::new));
        boolean authenticated = result.stdout().contains("FINAL 530 5.7.0");
        if (authenticated) {
            args.addAll(List.of("--auth", "alice@example.test:secret-password"));
            result = ExternalClient.python("send.py", args.toArray(String[]::new));
        }

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).containsPattern("FINAL 250 2\\.0\\.0 Ok: queued as \\S+");
        byte[] stored = server.awaitMailWith("alice", token);
        String rest = assertTraceHeaders(stored, "<" + from + ">", "alice@example.test",
                protocol + (authenticated ? "A" : ""));
        assertThat(rest.getBytes(ISO_8859_1)).as("stored message below our headers").isEqualTo(sent);
    }

    /**
     * One message to two mailboxes and an alias of both: a 2,000-octet line (kept, not split or
     * refused) and 8-bit UTF-8 text arrive byte for byte; each copy names its own Delivered-To and
     * the Received header names no recipient (Bcc stays private); the alias adds no duplicate.
     */
    @Test
    void longLinesAnd8bitTextReachEveryRecipientUnchanged() throws Exception {
        String token = "multi-" + UUID.randomUUID();
        byte[] sent = ("From: Bob <bob@sender.test>\r\nTo: team@example.test\r\nSubject: " + token
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"
                + "Grüße aus Köln – ünïcödé ✓\r\n"
                + "x".repeat(2000) + "\r\n"
                + ".\r\nend\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path eml = Files.write(dir.resolve(token + ".eml"), sent);

        var result = ExternalClient.python("send.py", "--port", String.valueOf(server.port("smtp")),
                "--mode", "starttls", "--from", "bob@sender.test", "--to", "alice@example.test",
                "--to", "erin@example.test", "--to", "sales@example.test", "--eml", eml.toString());

        assertThat(result.ok()).as(result.toString()).isTrue();
        for (String user : new String[] {"alice", "erin"}) {
            String rest = assertTraceHeaders(server.awaitMailWith(user, token), "<bob@sender.test>",
                    user + "@example.test", "ESMTPS", false);
            assertThat(rest.getBytes(ISO_8859_1)).as("copy for " + user).isEqualTo(sent);
        }
    }

    @Test
    void swaksDeliversInPlainText() throws Exception {
        assertSwaksDelivers("swaks-plain-" + UUID.randomUUID(), "ESMTP");
    }

    @Test
    void swaksDeliversWithStartTls() throws Exception {
        assertSwaksDelivers("swaks-tls-" + UUID.randomUUID(), "ESMTPS", "--tls");
    }

    @Test
    void swaksDeliversPipelined() throws Exception {
        assertSwaksDelivers("swaks-pipe-" + UUID.randomUUID(), "ESMTP", "--pipeline");
    }

    private static void assertSwaksDelivers(String token, String protocol, String... extra) throws Exception {
        String[] base = {"--server", "127.0.0.1", "--port", String.valueOf(server.port("smtp")),
                "--from", "carol@sender.test", "--to", "alice@example.test", "--helo", "swaks.client.test",
                "--header", "Subject: " + token, "--body", "Body of " + token + "\n.\n..dots\nend"};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);

        var result = ExternalClient.swaks(args);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.stdout()).containsPattern("<[-~]  250 2\\.0\\.0 Ok: queued as \\S+");
        String rest = assertTraceHeaders(server.awaitMailWith("alice", token), "<carol@sender.test>",
                "alice@example.test", protocol);
        assertThat(rest).contains("Subject: " + token + "\r\n",
                "\r\n\r\nBody of " + token + "\r\n.\r\n..dots\r\nend\r\n");
        assertThat(rest).as("stored = what swaks sent after DATA, dot-unstuffed").isEqualTo(dataSent(result.stdout()));
    }

    /** The content lines swaks printed between the 354 and the lone dot, dot-unstuffed, CRLF-ended. */
    private static String dataSent(String transcript) {
        var content = new StringBuilder();
        boolean inData = false;
        for (String line : transcript.lines().toList()) {
            if (line.matches("<[-~]  354 .*")) {
                inData = true;
            } else if (inData && line.matches(" [-~]> \\.")) {
                return content.toString();
            } else if (inData) {
                String text = line.substring(4);
                content.append(text.startsWith(".") ? text.substring(1) : text).append("\r\n");
            }
        }
        throw new AssertionError("no DATA content in the swaks transcript:\n" + transcript);
    }

    /**
     * RCPT to an address that does not exist is refused; once an admin adds it with the CLI on the
     * same config while the server runs, the very next RCPT is accepted and mail is delivered.
     */
    @Test
    void aUserAddedWithTheCliIsAcceptedWithoutRestart() throws Exception {
        String token = "cli-" + UUID.randomUUID();
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO cli.client.test").getLast()).startsWith("250 ");
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<dave@example.test>").getLast()).startsWith("550 5.1.1 ");

            server.cli("another-password\n", "user", "add", "dave@example.test", "--password-stdin");

            assertThat(wire.command("RCPT TO:<dave@example.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + token + "\r\n\r\nwelcome, dave\r\n.\r\n").getBytes(ISO_8859_1));
            assertThat(wire.last()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
        String rest = assertTraceHeaders(server.awaitMailWith("dave", token), "<bob@sender.test>",
                "dave@example.test", "ESMTP");
        assertThat(rest).isEqualTo("Subject: " + token + "\r\n\r\nwelcome, dave\r\n");
    }

    /** A domain added with the CLI while the server runs turns a relay refusal into a local delivery. */
    @Test
    void aDomainAddedWithTheCliIsHostedWithoutRestart() throws Exception {
        String token = "newdomain-" + UUID.randomUUID();
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO cli.client.test").getLast()).startsWith("250 ");
            assertThat(wire.command("MAIL FROM:<bob@sender.test>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<frank@new.test>").getLast()).startsWith("550 5.7.1 ");

            server.cli("", "domain", "add", "new.test");
            assertThat(wire.command("RCPT TO:<frank@new.test>").getLast()).startsWith("550 5.1.1 ");
            server.cli("frank-password\n", "user", "add", "frank@new.test", "--password-stdin");
            assertThat(wire.command("RCPT TO:<frank@new.test>").getLast()).startsWith("250 ");

            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + token + "\r\n\r\nnew domain\r\n.\r\n").getBytes(ISO_8859_1));
            assertThat(wire.last()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
        Path newMail = dir.resolve("data/mail/new.test/frank/Maildir/new");
        org.awaitility.Awaitility.await().atMost(E2eServer.DELIVERY).until(() -> Files.isDirectory(newMail)
                && Files.list(newMail).findAny().isPresent());
        try (var files = Files.list(newMail)) {
            byte[] stored = Files.readAllBytes(files.findFirst().orElseThrow());
            assertThat(assertTraceHeaders(stored, "<bob@sender.test>", "frank@new.test", "ESMTP"))
                    .isEqualTo("Subject: " + token + "\r\n\r\nnew domain\r\n");
        }
    }

    /** A bounce (null reverse path) to a mixed-case address: Return-Path: <>, the mailbox's own name. */
    @Test
    void aBounceToAMixedCaseAddressIsDeliveredWithAnEmptyReturnPath() throws Exception {
        String token = "bounce-" + UUID.randomUUID();
        try (Wire wire = Wire.connect(server.port("smtp"))) {
            assertThat(wire.last()).startsWith("220 ");
            assertThat(wire.command("EHLO mailer-daemon.test").getLast()).startsWith("250 ");
            assertThat(wire.command("MAIL FROM:<>").getLast()).startsWith("250 ");
            assertThat(wire.command("RCPT TO:<Alice@Example.TEST>").getLast()).startsWith("250 ");
            assertThat(wire.command("DATA").getLast()).startsWith("354 ");
            wire.send(("Subject: " + token + "\r\n\r\nundeliverable\r\n.\r\n").getBytes(ISO_8859_1));
            assertThat(wire.last()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(wire.command("QUIT").getLast()).startsWith("221 ");
        }
        byte[] stored = server.awaitMailWith("alice", token);
        String text = new String(stored, ISO_8859_1);
        assertThat(text).startsWith("Return-Path: <>\r\nDelivered-To: ");
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).isEqualToIgnoringCase("Delivered-To: alice@example.test");
    }

    /**
     * Checks Return-Path, Delivered-To and Received come first, in that order (then, for mail
     * without AUTH, our Authentication-Results); returns what follows them.
     */
    static String assertTraceHeaders(byte[] stored, String returnPath, String deliveredTo, String protocol) {
        return assertTraceHeaders(stored, returnPath, deliveredTo, protocol, true);
    }

    /** {@code forClause}: whether Received names the recipient (only when the message had exactly one). */
    static String assertTraceHeaders(byte[] stored, String returnPath, String deliveredTo, String protocol,
                                     boolean forClause) {
        String text = new String(stored, ISO_8859_1);
        String first = "Return-Path: " + returnPath + "\r\n" + "Delivered-To: " + deliveredTo + "\r\n";
        assertThat(text).startsWith(first);
        String afterTrace = text.substring(first.length());
        assertThat(afterTrace).startsWith("Received: from ");
        int end = afterTrace.indexOf("\r\n");
        while (afterTrace.charAt(end + 2) == '\t' || afterTrace.charAt(end + 2) == ' ') {
            end = afterTrace.indexOf("\r\n", end + 2);
        }
        String received = afterTrace.substring(0, end + 2);
        assertThat(received).contains("(Postern) with " + protocol + " id ", "by mx.example.test",
                "([127.0.0.1])");
        if (protocol.startsWith("ESMTPS")) { // ESMTPS and ESMTPSA
            assertThat(received).containsPattern("\\(using TLSv1\\.[23] with cipher \\S+\\)");
        }
        if (forClause) {
            assertThat(received).contains("for <" + deliveredTo + ">");
        } else {
            assertThat(received).doesNotContain("for <");
        }
        String rest = afterTrace.substring(end + 2);
        if (!protocol.endsWith("A")) { // unauthenticated on port 25: the inbound checks' field follows (docs/DKIM.md)
            assertThat(rest).startsWith("Authentication-Results: mx.example.test;\r\n\tspf=");
            int fieldEnd = rest.indexOf("\r\n");
            while (rest.charAt(fieldEnd + 2) == '\t' || rest.charAt(fieldEnd + 2) == ' ') {
                fieldEnd = rest.indexOf("\r\n", fieldEnd + 2);
            }
            rest = rest.substring(fieldEnd + 2);
        }
        return rest;
    }
}
