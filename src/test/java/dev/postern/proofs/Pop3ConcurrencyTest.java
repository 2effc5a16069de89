package dev.postern.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP3 under concurrency (issue 7), over real sockets: two sessions for one mailbox, deliveries
 * during sessions, a message removed underneath. No wrong message is ever served (each message
 * carries its number in its subject and its last line, and keeps its UIDL), and no DELE is lost.
 */
@Timeout(180)
class Pop3ConcurrencyTest {

    private static final Pattern TOKEN = Pattern.compile("(?s)Subject: token-(\\d+)\r\n\r\n(?:.*\r\n)?end-(\\d+)\r\n");

    @TempDir
    Path dir;

    @Test
    void aSecondSessionIsRefusedAndDeliveriesDuringASessionWaitForTheNext() throws Exception {
        try (var server = ProofServer.configure(dir, "auth.allow_plaintext_loopback = true", "alice@example.test").start()) {
            for (int n = 1; n <= 3; n++) {
                send(server, n);
            }
            server.awaitMail("alice", 3);
            try (var first = login(server)) {
                assertThat(first.status()).startsWith("+OK Logged in, 3 messages");
                try (var second = Pop3.connect(server.port("pop3"))) {
                    assertThat(second.command("USER alice@example.test")).startsWith("+OK");
                    assertThat(second.command("PASS secret-password")).startsWith("-ERR [IN-USE]");
                }
                send(server, 4);
                server.awaitMail("alice", 4);
                assertThat(first.command("STAT")).as("a session sees the maildrop as it was at login").startsWith("+OK 3 ");
                Map<Integer, Integer> firstView = first.retrieveAll(3); // POP3 promises no order: map numbers to tokens
                assertThat(firstView.values()).containsExactlyInAnyOrder(1, 2, 3);
                assertThat(first.command("DELE " + numberOf(firstView, 2))).startsWith("+OK");
                assertThat(first.command("QUIT")).startsWith("+OK");
            }
            try (var next = login(server)) {
                assertThat(next.status()).startsWith("+OK Logged in, 3 messages");
                Map<Integer, Integer> view = next.retrieveAll(3);
                assertThat(view.values()).containsExactlyInAnyOrder(1, 3, 4);

                Path three = server.mail("alice").stream().filter(f -> read(f).contains("token-3\r\n")).findFirst().orElseThrow();
                Files.delete(three); // another client (or the admin) removes it underneath
                assertThat(next.command("RETR " + numberOf(view, 3))).startsWith("-ERR");
                assertThat(next.retrieve(numberOf(view, 4))).isEqualTo(4);
                assertThat(next.retrieve(numberOf(view, 1))).isEqualTo(1);
                assertThat(next.command("DELE " + numberOf(view, 1))).startsWith("+OK");
                assertThat(next.command("QUIT")).startsWith("+OK");
            }
            assertThat(server.mail("alice")).hasSize(1).allMatch(f -> read(f).contains("token-4\r\n"));
        }
    }

    @Test
    void sessionsRacingDeliveriesNeverServeAWrongMessageNorLoseADelete() throws Exception {
        try (var server = ProofServer.configure(dir, "auth.allow_plaintext_loopback = true", "alice@example.test").start()) {
            var sent = new AtomicInteger();
            var stop = new AtomicBoolean();
            Thread sender = Thread.ofVirtual().start(() -> {
                while (!stop.get() && sent.get() < 60) {
                    try {
                        send(server, sent.incrementAndGet());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            Map<String, Integer> uidlToken = new HashMap<>();
            Set<Integer> deleted = new HashSet<>();
            for (int round = 0; round < 12; round++) {
                try (var session = login(server)) {
                    Map<Integer, String> uidls = session.uidls();
                    for (var listed : uidls.entrySet()) {
                        int token = session.retrieve(listed.getKey());
                        Integer before = uidlToken.putIfAbsent(listed.getValue(), token);
                        assertThat(before == null || before == token).as("UIDL %s keeps its message", listed.getValue()).isTrue();
                        assertThat(deleted).as("a deleted message came back").doesNotContain(token);
                        if (token % 3 == 0) {
                            assertThat(session.command("DELE " + listed.getKey())).startsWith("+OK");
                            deleted.add(token);
                        }
                    }
                    assertThat(session.command("QUIT")).startsWith("+OK");
                }
            }
            stop.set(true);
            sender.join();
            server.awaitMail("alice", sent.get() - deleted.size());
            var left = new ArrayList<Integer>();
            for (Path file : server.mail("alice")) {
                String content = read(file);
                Matcher m = TOKEN.matcher(content.substring(content.indexOf("Subject: token-")));
                assertThat(m.matches()).isTrue();
                left.add(Integer.parseInt(m.group(1)));
            }
            assertThat(left).doesNotContainAnyElementsOf(deleted).hasSize(sent.get() - deleted.size());
        }
    }

    private static int numberOf(Map<Integer, Integer> view, int token) {
        return view.entrySet().stream().filter(e -> e.getValue() == token).findFirst().orElseThrow().getKey();
    }

    private static Pop3 login(ProofServer server) throws IOException {
        var pop = Pop3.connect(server.port("pop3"));
        assertThat(pop.command("USER alice@example.test")).startsWith("+OK");
        pop.status = pop.command("PASS secret-password");
        assertThat(pop.status).startsWith("+OK");
        return pop;
    }

    private static void send(ProofServer server, int n) throws IOException {
        try (var smtp = Wire.connect(server.port("smtp"))) {
            smtp.reply();
            smtp.command("EHLO client.test");
            smtp.command("MAIL FROM:<someone@remote.test>");
            smtp.command("RCPT TO:<alice@example.test>");
            smtp.command("DATA");
            String reply = smtp.last("Subject: token-" + n + "\r\n\r\n" + "filler line\r\n".repeat(n % 7 * 50) + "end-" + n + "\r\n.");
            assertThat(reply).startsWith("250 ");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // removed meanwhile
        }
    }

    /** A raw POP3 client over {@link Wire}. */
    private static final class Pop3 implements AutoCloseable {
        private final Wire wire;
        String status;

        private Pop3(Wire wire) {
            this.wire = wire;
        }

        static Pop3 connect(int port) throws IOException {
            var pop = new Pop3(Wire.connect(port));
            assertThat(pop.wire.line()).startsWith("+OK");
            return pop;
        }

        String status() {
            return status;
        }

        String command(String line) throws IOException {
            wire.send((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return wire.line();
        }

        List<String> multiline(String line) throws IOException {
            String first = command(line);
            assertThat(first).as(line).startsWith("+OK");
            var lines = new ArrayList<String>();
            for (String l; !(l = wire.line()).equals("."); ) {
                lines.add(l.startsWith("..") ? l.substring(1) : l);
            }
            return lines;
        }

        /** RETR n: the message must be whole, its subject and last line naming the same number. */
        int retrieve(int number) throws IOException {
            String message = String.join("\r\n", multiline("RETR " + number)) + "\r\n";
            Matcher m = TOKEN.matcher(message.substring(message.indexOf("Subject: token-")));
            assertThat(m.matches()).as("message %d is whole", number).isTrue();
            assertThat(m.group(2)).as("the end of message %d belongs to it", number).isEqualTo(m.group(1));
            return Integer.parseInt(m.group(1));
        }

        /** Message number to token, for messages 1..count. */
        Map<Integer, Integer> retrieveAll(int count) throws IOException {
            var view = new HashMap<Integer, Integer>();
            for (int n = 1; n <= count; n++) {
                view.put(n, retrieve(n));
            }
            return view;
        }

        Map<Integer, String> uidls() throws IOException {
            var map = new java.util.TreeMap<Integer, String>();
            for (String line : multiline("UIDL")) {
                String[] parts = line.split(" ");
                map.put(Integer.parseInt(parts[0]), parts[1]);
            }
            return map;
        }

        @Override
        public void close() throws IOException {
            wire.close();
        }
    }
}
