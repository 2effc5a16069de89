package dev.postern.observe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log is written in the background, yet a process that ends writes every line first: a CLI
 * command exiting at once, and {@code postern serve} stopped by SIGTERM. Real processes with the
 * production logback.xml.
 */
class LogAtExitTest {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

    @TempDir
    Path dir;

    @Test
    void aCliCommandPrintsItsLogLinesOnStderrBeforeItExits() throws Exception {
        Path config = config("");
        Process cli = postern(List.of("domain", "add", "example.test", "--config", config.toString()));
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(read("err")).isZero();
        assertThat(read("out")).contains("added domain example.test");
        List<String> migrations = read("err").lines().filter(l -> l.contains(" Migrations: ")).toList();
        assertThat(migrations).isNotEmpty()
                .allMatch(l -> l.matches(TIME + " INFO  Migrations: applied schema migration V\\d+__\\w+\\.sql"))
                .first().asString().endsWith("V1__accounts.sql");
    }

    @Test
    void linesStillQueuedWhenTheJvmExitsAreWrittenFirst() throws Exception {
        Process process = java(LogThenExit.class.getName(), List.of());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        List<String> lines = read("err").lines().filter(l -> l.contains(" LogThenExit: line ")).toList();
        assertThat(lines).hasSize(LogThenExit.LINES);
        for (int i = 0; i < LogThenExit.LINES; i++) {
            assertThat(lines.get(i)).matches(TIME + " INFO  LogThenExit: line " + i);
        }
    }

    /** Logs faster than stderr takes the lines, then exits at once: the queue is full at exit. */
    static final class LogThenExit {
        static final int LINES = 50_000;

        public static void main(String[] args) {
            var log = org.slf4j.LoggerFactory.getLogger("dev.postern.observe.LogThenExit");
            for (int i = 0; i < LINES; i++) {
                log.info("line {}", i);
            }
            System.exit(0);
        }
    }

    @Test
    void serveStoppedBySigtermWritesItsLastLinesToTheFileAndStderr() throws Exception {
        Path config = config("""
                smtp.listen = 127.0.0.1:0
                submission.listen =
                submissions.listen =
                pop3.listen =
                pop3s.listen =
                dns.servers = 127.0.0.1:9
                """);
        Process server = postern(List.of("serve", "--config", config.toString()));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> read("out").contains("smtp listening on 127.0.0.1:"));
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
        List<String> file = Files.readAllLines(dir.resolve("data/log/postern.log"), UTF_8);
        assertThat(file.getLast()).matches(TIME + " INFO  Postern: stopped");
        assertThat(file).anyMatch(l -> l.matches(TIME + " INFO  Postern: stopping: no new connections, .*"));
        List<String> logged = read("err").lines().filter(l -> l.matches(TIME + " .*")).toList();
        assertThat(logged.getLast()).matches(TIME + " INFO  Postern: stopped");
    }

    private Path config(String extra) throws IOException {
        Path config = dir.resolve("postern.conf");
        Files.writeString(config, "hostname = exit.test\ndata_dir = " + dir.resolve("data") + "\n" + extra);
        return config;
    }

    /** {@code postern ARGS} in a JVM of its own. */
    private Process postern(List<String> args) throws IOException {
        return java("dev.postern.Main", args);
    }

    /** A JVM of its own, configured by the production logback.xml (not the tests'). */
    private Process java(String main, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String logback;
        try {
            logback = Path.of(LogAtExitTest.class.getResource("/logback.xml").toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        var command = Stream.concat(Stream.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
                main), args.stream()).toList();
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .start();
    }

    private String read(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readString(file, UTF_8) : "";
    }
}
