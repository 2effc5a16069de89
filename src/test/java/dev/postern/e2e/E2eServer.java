package dev.postern.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postern.Postern;
import dev.postern.cli.PosternCommand;
import dev.postern.config.SettingsLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One real Postern node for an end-to-end test class: a config file in a temporary directory,
 * domain and users added through the CLI (as an admin would), listeners on 127.0.0.1 port 0.
 */
final class E2eServer implements AutoCloseable {

    static final Duration DELIVERY = Duration.ofSeconds(30);

    final Path dir;
    final Path config;
    private Postern postern;

    private E2eServer(Path dir, Path config) {
        this.dir = dir;
        this.config = config;
    }

    /** Writes the config (plus {@code extraConfig} lines) and adds example.test with {@code users}. */
    static E2eServer configure(Path dir, String extraConfig, String... users) throws IOException {
        var server = node(dir, extraConfig);
        server.cli("", "domain", "add", "example.test");
        for (String user : users) {
            server.cli("secret-password\n", "user", "add", user, "--password-stdin");
        }
        return server;
    }

    /** Writes the config (plus {@code extraConfig} lines) only: a further node of a shared database. */
    static E2eServer node(Path dir, String extraConfig) throws IOException {
        Path config = dir.resolve("postern.conf");
        Files.writeString(config, """
                hostname = mx.example.test
                data_dir = %s
                smtp.listen = 127.0.0.1:0
                submission.listen = 127.0.0.1:0
                submissions.listen = 127.0.0.1:0
                pop3.listen = 127.0.0.1:0
                pop3s.listen = 127.0.0.1:0
                # no DNS server listens there: remote mail defers, never a live lookup
                dns.servers = 127.0.0.1:9
                %s
                """.formatted(dir.resolve("data"), extraConfig));
        return new E2eServer(dir, config);
    }

    E2eServer start() throws Exception {
        postern = Postern.start(SettingsLoader.load(Optional.of(config)));
        return this;
    }

    int port(String listener) {
        return postern.port(listener);
    }

    /** The running node (its metrics: {@code postern().observability().scrape()}). */
    Postern postern() {
        return postern;
    }

    /** Runs a postern command on this server's config, as an admin at a shell would. */
    void cli(String stdin, String... args) {
        String[] full = Stream.concat(Stream.of(args), Stream.of("--config", config.toString())).toArray(String[]::new);
        var command = new PosternCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        assertThat(PosternCommand.commandLine(command).execute(full)).as("postern %s", String.join(" ", args)).isZero();
    }

    Path maildir(String localpart) {
        return dir.resolve("data/mail/example.test").resolve(localpart).resolve("Maildir");
    }

    Path queueActive() {
        return dir.resolve("data/queue/active");
    }

    /** The files in {@code Maildir/new} of a mailbox, oldest name first; none when it does not exist yet. */
    List<Path> newMail(String localpart) throws IOException {
        Path folder = maildir(localpart).resolve("new");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    /** Every file anywhere under {@code data/mail}. */
    List<Path> allMail() throws IOException {
        Path root = dir.resolve("data/mail");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** Queue entries still waiting (their status files not counted). */
    List<Path> queued() throws IOException {
        if (!Files.isDirectory(queueActive())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(queueActive())) {
            return files.filter(f -> !f.getFileName().toString().contains(".")).toList();
        }
    }

    /** Waits (bounded) until the mailbox holds exactly {@code count} new messages, and returns them. */
    List<byte[]> awaitMail(String localpart, int count) throws IOException {
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(50))
                .until(() -> newMail(localpart).size() >= count);
        List<byte[]> contents = new ArrayList<>();
        for (Path file : newMail(localpart)) {
            contents.add(Files.readAllBytes(file));
        }
        assertThat(contents).hasSize(count);
        return contents;
    }

    /**
     * Waits (bounded) until a message containing {@code token} is in the mailbox, then returns it;
     * fails when more than one file carries the token.
     */
    byte[] awaitMailWith(String localpart, String token) throws IOException {
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(50))
                .until(() -> !withToken(localpart, token).isEmpty());
        List<byte[]> found = withToken(localpart, token);
        assertThat(found).as("messages carrying %s", token).hasSize(1);
        return found.getFirst();
    }

    List<byte[]> withToken(String localpart, String token) throws IOException {
        List<byte[]> found = new ArrayList<>();
        for (Path file : newMail(localpart)) {
            byte[] content = Files.readAllBytes(file);
            if (new String(content, StandardCharsets.ISO_8859_1).contains(token)) {
                found.add(content);
            }
        }
        return found;
    }

    /** Waits (bounded) until the queue holds no entry: everything accepted was delivered or failed. */
    void awaitQueueEmpty() {
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(50)).until(() -> queued().isEmpty());
    }

    void stop() {
        if (postern != null) {
            postern.close();
            postern = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
