package dev.postern.proofs;

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
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One real Postern node for a proof: config in {@code dir}, example.test with the given users
 * (added through the CLI), every listener on 127.0.0.1 port 0, no DNS server.
 */
final class ProofServer implements AutoCloseable {

    static final Duration DELIVERY = Duration.ofSeconds(30);

    final Path dir;
    final Path data;
    final Path config;
    private Postern postern;

    private ProofServer(Path dir, Path data, Path config) {
        this.dir = dir;
        this.data = data;
        this.config = config;
    }

    /** {@code data} may be a mount point of its own (a tmpfs); {@code extraConfig} adds key lines. */
    static ProofServer configure(Path dir, Path data, String extraConfig, String... users) throws IOException {
        Path config = dir.resolve("postern.conf");
        var lines = new java.util.ArrayList<String>();
        for (String line : """
                hostname = mx.example.test
                data_dir = %s
                smtp.listen = 127.0.0.1:0
                submission.listen = 127.0.0.1:0
                submissions.listen = 127.0.0.1:0
                pop3.listen = 127.0.0.1:0
                pop3s.listen = 127.0.0.1:0
                dns.servers = 127.0.0.1:9
                """.formatted(data).lines().toList()) {
            String key = line.substring(0, line.indexOf('=')).strip();
            if (extraConfig.lines().noneMatch(extra -> extra.strip().startsWith(key + " "))) {
                lines.add(line); // extraConfig may set a default of ours differently
            }
        }
        lines.add(extraConfig);
        Files.writeString(config, String.join("\n", lines) + "\n");
        var server = new ProofServer(dir, data, config);
        server.cli("", "domain", "add", "example.test");
        for (String user : users) {
            server.cli("secret-password\n", "user", "add", user, "--password-stdin");
        }
        return server;
    }

    static ProofServer configure(Path dir, String extraConfig, String... users) throws IOException {
        return configure(dir, dir.resolve("data"), extraConfig, users);
    }

    ProofServer start() throws Exception {
        postern = Postern.start(SettingsLoader.load(Optional.of(config)));
        return this;
    }

    int port(String listener) {
        return postern.port(listener);
    }

    /**
     * Returns once an unknown user's login has been answered over POP3S: the server makes the hash
     * such a login is checked against (Argon2, 64 MiB) in the background once it listens, and a
     * proof that weighs the heap must not take that for the message it streams.
     */
    void awaitUnknownUserLogin() throws Exception {
        var pem = dev.postern.config.PemKeyMaterial.load(data.resolve("tls/cert.pem"), data.resolve("tls/key.pem"));
        var tls = dev.postern.net.SelfSigned.trusting(pem.chain().getFirst());
        try (var socket = tls.getSocketFactory().createSocket("127.0.0.1", port("pop3s"))) {
            socket.setSoTimeout(60_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            out.write("USER nobody@example.test\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("+OK");
            out.write("PASS not-a-password\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).as("an unknown user's login, checked against the dummy hash")
                    .isEqualTo("-ERR [AUTH] Authentication failed");
        }
    }

    List<Integer> ports(String listener) {
        return postern.ports(listener);
    }

    void cli(String stdin, String... args) {
        String[] full = Stream.concat(Stream.of(args), Stream.of("--config", config.toString())).toArray(String[]::new);
        var command = new PosternCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        assertThat(PosternCommand.commandLine(command).execute(full)).as("postern %s", String.join(" ", args)).isZero();
    }

    Path maildir(String localpart) {
        return data.resolve("mail/example.test").resolve(localpart).resolve("Maildir");
    }

    /** Files in {@code Maildir/new} and {@code cur} of a mailbox. */
    List<Path> mail(String localpart) throws IOException {
        Path root = maildir(localpart);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getParent().getFileName().toString().matches("new|cur"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Queue entries waiting in {@code queue/active} (status and marker files not counted). */
    List<Path> queued() throws IOException {
        return entries("queue/active");
    }

    List<Path> entries(String queueFolder) throws IOException {
        Path folder = data.resolve(queueFolder);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().contains(".")).sorted().toList();
        }
    }

    void awaitMail(String localpart, int count) {
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(50)).until(() -> mail(localpart).size() >= count);
        try {
            assertThat(mail(localpart)).hasSize(count);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
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
