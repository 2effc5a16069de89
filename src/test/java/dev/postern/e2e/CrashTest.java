package dev.postern.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.cli.PosternCommand;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise behind every 250: several sessions send, the server is killed with SIGKILL at a
 * random moment, restarted, and every message that was acknowledged must reach the Maildir.
 * Duplicates are counted and reported (tolerated); a loss fails the test.
 */
class CrashTest {

    private static final Pattern LISTENING = Pattern.compile("smtp listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final int CYCLES = 5;
    private static final int SESSIONS = 4;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageSurvivesKillNine() throws Exception {
        Path config = dir.resolve("postern.conf");
        Files.writeString(config, """
                hostname = crash.test
                data_dir = %s
                smtp.listen = 127.0.0.1:0
                submission.listen =
                submissions.listen =
                pop3.listen =
                pop3s.listen =
                dns.servers = 127.0.0.1:9
                # an attempt cut short by the kill is retried at its recorded next attempt: keep it short
                queue.retry_first = 1s
                queue.retry_max = 2s
                """.formatted(dir.resolve("data")));
        cli(config, "", "domain", "add", "example.test");
        cli(config, "secret-password\n", "user", "add", "alice@example.test", "--password-stdin");

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Random random = new Random(42);
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Process server = start(config);
            try {
                int port = awaitPort(server);
                List<Thread> senders = new ArrayList<>();
                for (int s = 0; s < SESSIONS; s++) {
                    String prefix = "c" + cycle + "s" + s + "m";
                    senders.add(Thread.ofVirtual().start(() -> sendUntilBroken(port, prefix, acknowledged)));
                }
                Thread.sleep(1000 + random.nextInt(1500));
                server.destroyForcibly();                      // SIGKILL: no shutdown hook runs
                assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
                for (Thread t : senders) {
                    assertThat(t.join(Duration.ofSeconds(30))).isTrue();
                }
            } finally {
                server.destroyForcibly();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(CYCLES); // the load really ran

        Process server = start(config);                        // recovery delivers what was queued
        try {
            awaitPort(server);
            Path maildir = dir.resolve("data/mail/example.test/alice/Maildir");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> missing;
            do {
                missing = missingTokens(maildir, acknowledged);
                if (!missing.isEmpty()) {
                    Thread.sleep(200);
                }
            } while (!missing.isEmpty() && System.nanoTime() < deadline);
            assertThat(missing).as("acknowledged with 250 but not in the Maildir").isEmpty();
            System.out.printf("crash test: %d acknowledged, %d duplicates after %d kill -9 cycles%n",
                    acknowledged.size(), duplicates(maildir), CYCLES);
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    private static void cli(Path config, String stdin, String... args) {
        String[] full = Stream.concat(Stream.of(args), Stream.of("--config", config.toString())).toArray(String[]::new);
        var command = new PosternCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        assertThat(PosternCommand.commandLine(command).execute(full)).isZero();
    }

    private Process start(Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.postern.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    /** Reads the server's output until it names its SMTP port; keeps draining it afterwards. */
    private static int awaitPort(Process server) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        var port = new java.util.concurrent.CompletableFuture<Integer>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            port.completeExceptionally(new IllegalStateException("server ended before listening"));
        });
        return port.get(30, TimeUnit.SECONDS);
    }

    /** Sends messages one after another until the connection breaks (the kill), at most 2,000. */
    private static void sendUntilBroken(int port, String prefix, Set<String> acknowledged) {
        for (int i = 0; i < 2000; i++) {
            String token = prefix + i;
            try {
                if (MiniSmtp.send(port, "bob@sender.test", "alice@example.test", message(token))) {
                    acknowledged.add(token);
                }
            } catch (IOException broken) {
                return;
            }
        }
    }

    private static String message(String token) {
        return "From: bob@sender.test\r\nTo: alice@example.test\r\nSubject: " + token
                + "\r\nMessage-ID: <" + token + "@sender.test>\r\n\r\n" + "line of text\r\n".repeat(100);
    }

    private static Set<String> missingTokens(Path maildir, Set<String> expected) throws IOException {
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(expected);
        missing.removeAll(tokens(maildir));
        return missing;
    }

    private static List<String> tokens(Path maildir) throws IOException {
        List<String> found = new ArrayList<>();
        for (String folder : List.of("new", "cur")) {
            Path d = maildir.resolve(folder);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.toList()) {
                    Matcher m = Pattern.compile("(?m)^Subject: (\\S+)").matcher(Files.readString(f, StandardCharsets.ISO_8859_1));
                    if (m.find()) {
                        found.add(m.group(1));
                    }
                }
            }
        }
        return found;
    }

    private static long duplicates(Path maildir) throws IOException {
        List<String> all = tokens(maildir);
        return all.size() - all.stream().distinct().count();
    }
}
