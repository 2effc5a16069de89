package dev.postern.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.2+ only, with modern ciphers (issue 7), as Debian's {@code sslscan} sees it (installed by
 * {@code .ci/run}; a missing sslscan fails the test): implicit TLS (465), STARTTLS on SMTP and STLS
 * on POP3. All listeners share one {@code TlsContext}, so these three cover the five ports.
 */
@Timeout(180)
class TlsScanTest {

    @TempDir
    static Path dir;

    static ProofServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ProofServer.configure(dir, "").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void implicitTlsOffersOnlyTls12AndLaterWithStrongCiphers() throws Exception {
        assertModern(scan(server.port("submissions")));
    }

    @Test
    void smtpStartTlsOffersOnlyTls12AndLaterWithStrongCiphers() throws Exception {
        assertModern(scan(server.port("smtp"), "--starttls-smtp"));
    }

    @Test
    void pop3StlsOffersOnlyTls12AndLaterWithStrongCiphers() throws Exception {
        assertModern(scan(server.port("pop3"), "--starttls-pop3"));
    }

    private static void assertModern(List<String> report) {
        assertThat(report).as("sslscan output").anyMatch(l -> l.matches("TLSv1\\.3\\s+enabled"));
        assertThat(report).anyMatch(l -> l.matches("TLSv1\\.2\\s+enabled"));
        for (String old : List.of("SSLv2", "SSLv3", "TLSv1\\.0", "TLSv1\\.1")) {
            assertThat(report).as(old).anyMatch(l -> l.matches(old + "\\s+disabled"));
        }
        List<String> ciphers = report.stream().filter(l -> l.startsWith("Accepted") || l.startsWith("Preferred")).toList();
        assertThat(ciphers).isNotEmpty();
        assertThat(ciphers).allMatch(l -> l.contains("TLSv1.2") || l.contains("TLSv1.3"));
        assertThat(ciphers).noneMatch(l -> l.matches(".*(RC4|DES|NULL|EXP|anon|MD5|IDEA|SEED|CAMELLIA).*"));
        // Forward secrecy only: every TLS 1.2 suite is an ECDHE or DHE one.
        assertThat(ciphers.stream().filter(l -> l.contains("TLSv1.2")))
                .allMatch(l -> l.matches(".*\\s(ECDHE|DHE)-\\S+.*"));
        assertThat(report).noneMatch(l -> l.contains("Compression enabled"));
        assertThat(report).noneMatch(l -> l.contains("Insecure session renegotiation supported"));
    }

    private static List<String> scan(int port, String... mode) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("sslscan", "--no-colour", "--no-heartbleed", "--no-groups"));
        command.addAll(List.of(mode));
        command.add("127.0.0.1:" + port);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("sslscan finished").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("sslscan exit status; output:%n%s", text).isZero();
        return Stream.of(text.split("\n")).map(String::strip).toList();
    }
}
