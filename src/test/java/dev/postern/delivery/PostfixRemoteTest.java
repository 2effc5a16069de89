package dev.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.dns.DnsResolver;
import dev.postern.e2e.SmtpSink;
import dev.postern.queue.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postfix (Debian's package) as the remote MTA: Postern delivers to its smtpd on a loopback port,
 * Postfix's virtual agent writes the Maildir, and the message there is the one we sent, byte for
 * byte (Postfix stores LF line ends and prepends its trace headers).
 */
class PostfixRemoteTest {

    @TempDir
    Path dir;

    @Test
    void postfixStoresExactlyWhatWeSent() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // postfix must get in
        int port = SmtpSink.freePort();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path mail = Files.createDirectories(dir.resolve("mail"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("queue")); // postfix creates what is inside
        int[] postfixIds = postfixUser();
        Files.setOwner(mail, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix"));
        Files.setOwner(data, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix"));
        Files.writeString(conf.resolve("main.cf"), mainCf(dir, postfixIds));
        Files.writeString(conf.resolve("master.cf"), masterCf(port));
        run("postfix", "-c", conf.toString(), "start");
        try {
            awaitListening(port);
            // With Date and Message-ID present, Postfix's cleanup adds no headers of its own to the message.
            byte[] message = ("From: Alice <alice@customer.test>\r\nTo: bob@remote.test\r\nSubject: through Postfix\r\n"
                    + "Date: Sun, 29 Nov 2026 01:00:00 +0000\r\nMessage-ID: <pf1@customer.test>\r\n"
                    + "\r\n.a line with a leading dot\r\n..two dots\r\nbare\nlf and \u00e9t\u00e9 in 8 bits\r\nlast line")
                    .getBytes(StandardCharsets.UTF_8);
            var params = new dev.postern.smtp.MailParameters(java.util.OptionalLong.empty(),
                    dev.postern.smtp.MailParameters.Body.EIGHT_BIT_MIME, false, java.util.Optional.empty(),
                    java.util.Optional.empty());
            var base = RemoteDeliveryTest.entry("bob@remote.test");
            var entry = new dev.postern.queue.QueueEntry(base.id(), base.arrival(), base.sender(), base.recipients(),
                    params, base.client(), message.length);
            try (var delivery = new RemoteDelivery(RemoteSettings.DEFAULT.withRoutes(Map.of("remote.test",
                    new HostPort("127.0.0.1", port))), new DnsResolver(List.of(), Duration.ofSeconds(1)),
                    RemoteDeliveryTest.CLIENT, DeliveryListener.NONE)) {
                var outcomes = delivery.deliver(entry, entry.recipients(),
                        () -> new java.io.ByteArrayInputStream(message));
                assertThat(outcomes).containsExactly(Outcome.DELIVERED);
            }
            Path inbox = mail.resolve("bob/Maildir/new");
            await().atMost(30, TimeUnit.SECONDS).until(() -> Files.isDirectory(inbox) && list(inbox).size() == 1);
            String stored = Files.readString(list(inbox).getFirst(), StandardCharsets.UTF_8);
            String sent = new String(message, StandardCharsets.UTF_8).replace("\r\n", "\n") + "\n";
            assertThat(stored).startsWith("Return-Path: <alice@customer.test>\n").endsWith("\n" + sent);
        } finally {
            run("postfix", "-c", conf.toString(), "stop");
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static String mainCf(Path dir, int[] ids) {
        return String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + dir.resolve("data"),
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = mx.remote.test",
                "mydestination =",
                "mynetworks = 127.0.0.0/8",
                "virtual_mailbox_domains = remote.test",
                "virtual_mailbox_base = " + dir.resolve("mail"),
                "virtual_mailbox_maps = static:bob/Maildir/",
                "virtual_uid_maps = static:" + ids[0],
                "virtual_gid_maps = static:" + ids[1],
                "virtual_minimum_uid = 1",
                "smtputf8_enable = no",
                "biff = no", "");
    }

    private static String masterCf(int port) {
        var services = List.of(
                "127.0.0.1:" + port + " inet n - n - - smtpd",
                "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
                "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
                "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap", "smtp unix - - n - - smtp",
                "relay unix - - n - - smtp", "showq unix n - n - - showq", "error unix - - n - - error",
                "retry unix - - n - - error", "discard unix - - n - - discard", "local unix - n n - - local",
                "virtual unix - n n - - virtual", "lmtp unix - - n - - lmtp", "anvil unix - - n - 1 anvil",
                "scache unix - - n - 1 scache", "postlog unix-dgram n - n - 1 postlogd");
        return String.join("\n", services) + "\n";
    }

    /** The uid and gid of the postfix account, from the passwd file. */
    private static int[] postfixUser() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f[0].equals("postfix")) {
                return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
            }
        }
        throw new IOException("no postfix account: install Debian's postfix package (see .ci/run)");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void awaitListening(int port) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
