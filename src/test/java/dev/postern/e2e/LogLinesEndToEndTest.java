package dev.postern.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.postern.observe.LogFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One message's story in {@code <data_dir>/log/postern.log} (docs/LOGGING.md): accepted with its
 * size, sender, recipients, client and login; delivered locally; deferred remotely with the reason;
 * every one of those lines starts with its queue ID.
 */
class LogLinesEndToEndTest {

    private static final String USER = "alice@example.test";

    @TempDir
    Path dir;

    @Test
    void everyLineOfAMessageThroughAcceptAndDeliveryCarriesItsQueueId() throws Exception {
        List<Logger> loggers = List.of(logger("dev.postern.intake"), logger("dev.postern.delivery"));
        List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
        loggers.forEach(l -> l.setLevel(Level.INFO)); // the test config logs WARN and up only
        try (var server = E2eServer.configure(dir, "", USER, "bob@example.test").start();
             var logFile = LogFile.open(dir.resolve("data"))) {
            String token = "logged-" + UUID.randomUUID();
            Path eml = dir.resolve("m.eml");
            Files.writeString(eml, "Subject: " + token + "\r\n\r\nfollow me\r\n", ISO_8859_1);
            var sent = ExternalClient.python("send.py", "--port", String.valueOf(server.port("submission")),
                    "--mode", "starttls", "--auth", USER + ":secret-password", "--from", USER,
                    "--to", "bob@example.test", "--to", "far@remote.test", "--eml", eml.toString());
            assertThat(sent.ok()).as(sent.toString()).isTrue();
            String id = sent.stdout().lines().filter(l -> l.startsWith("FINAL 250")).findFirst().orElseThrow()
                    .replaceAll(".*queued as ", "").strip();
            server.awaitMailWith("bob", token);

            Path log = dir.resolve("data/log/postern.log");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                    && lines(log, id).stream().anyMatch(l -> l.contains("to=<far@remote.test>")));
            List<String> story = lines(log, id);
            assertThat(story).anySatisfy(l -> assertThat(l).contains("INFO", id + ": from=<" + USER
                    + "> to=<bob@example.test>,<far@remote.test> size=", " client=[127.0.0.1] auth=" + USER
                    + " status=queued"));
            assertThat(story).anySatisfy(l -> assertThat(l)
                    .contains(id + ": to=<bob@example.test> relay=local maildir=", " status=sent"));
            assertThat(story).anySatisfy(l -> assertThat(l)
                    .contains(id + ": to=<far@remote.test> relay=none status=deferred (4"));
            List<String> aboutIt = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("to=<far@remote.test>") || l.contains("to=<bob@example.test>")).toList();
            assertThat(aboutIt).isNotEmpty().allSatisfy(l -> assertThat(l).contains(" " + id + ": "));
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(levels.get(i));
            }
        }
    }

    @Test
    void aSessionLogsOneConnectAndOneDisconnectLineAndTheListenerNoneAtInfo() throws Exception {
        List<Logger> loggers = List.of(logger("dev.postern.pop3"), logger("dev.postern.smtp"), logger("dev.postern.net"));
        List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
        loggers.forEach(l -> l.setLevel(Level.INFO)); // the test config logs WARN and up only
        try (var server = E2eServer.configure(dir, "", USER).start();
             var logFile = LogFile.open(dir.resolve("data"))) {
            for (String listener : List.of("pop3", "smtp")) {
                try (var wire = Wire.connect(server.port(listener), "127.0.0.7")) {
                    assertThat(wire.line()).startsWith(listener.equals("pop3") ? "+OK" : "220 ");
                    wire.send("QUIT\r\n".getBytes(ISO_8859_1));
                    assertThat(wire.line()).startsWith(listener.equals("pop3") ? "+OK" : "221 ");
                }
            }
            Path log = dir.resolve("data/log/postern.log");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                    && lines(log, "127.0.0.7:").stream().filter(l -> l.contains("disconnect from")).count() == 2);
            List<String> lines = lines(log, "127.0.0.7:");
            for (String listener : List.of("pop3", "smtp")) {
                assertThat(lines).as(listener).filteredOn(l -> l.contains(" on " + listener))
                        .hasSize(2)
                        .anySatisfy(l -> assertThat(l).contains("INFO", "connect from 127.0.0.7:"))
                        .anySatisfy(l -> assertThat(l).contains("INFO", "disconnect from 127.0.0.7:"));
            }
            assertThat(lines).noneMatch(l -> l.contains("open listener=") || l.contains("close listener="));
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(levels.get(i));
            }
        }
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    private static List<String> lines(Path log, String id) throws java.io.IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(id)).toList();
    }
}
