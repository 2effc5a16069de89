package dev.postern.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Postfix's smtp-sink as a remote SMTP peer on a loopback port. The binary comes from Debian's
 * postfix package unpacked into {@code /tmp/pf} (see {@code .ci/run}); {@code -f}/{@code -r} make it
 * answer a command with 5xx/4xx. It runs as {@code nobody}, so {@code dir} (made world-writable here)
 * must be reachable by that user: pass a JUnit {@code @TempDir} itself, not a directory below it.
 * Every message it takes is appended to {@link #dump()}.
 */
public final class SmtpSink implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("postern.postfix.root", "/tmp/pf"));

    private final Process process;
    private final InetSocketAddress address;
    private final Path dump;

    private SmtpSink(Process process, InetSocketAddress address, Path dump) {
        this.process = process;
        this.address = address;
        this.dump = dump;
    }

    /** Starts smtp-sink with extra options (e.g. {@code "-f", "RCPT"}), waiting until it listens. */
    public static SmtpSink start(Path dir, String... options) throws IOException, InterruptedException {
        return start(dir, "127.0.0.1", freePort(), options);
    }

    /** On a given loopback address and port. */
    public static SmtpSink start(Path dir, String host, int port, String... options)
            throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // it runs as nobody
        Path dump = dir.resolve("sink-" + host + "-" + port + ".dump");
        var command = new ArrayList<>(List.of(ROOT.resolve("usr/sbin/smtp-sink").toString(), "-u", "nobody",
                "-D", dump.toString()));
        command.addAll(List.of(options));
        command.addAll(List.of(host + ":" + port, "50"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sink-" + port + ".log").toFile());
        builder.environment().put("LD_LIBRARY_PATH", ROOT.resolve("usr/lib/postfix").toString());
        var sink = new SmtpSink(builder.start(), new InetSocketAddress(host, port), dump);
        sink.awaitListening();
        return sink;
    }

    public InetSocketAddress address() {
        return address;
    }

    public String dump() throws IOException {
        return Files.exists(dump) ? Files.readString(dump, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
    }

    public static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (var probe = new Socket()) {
                probe.connect(address(), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("smtp-sink exited with " + process.exitValue());
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("smtp-sink did not listen on " + address);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
