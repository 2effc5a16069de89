package dev.postern.http;

import static dev.postern.http.Documents.child;
import static dev.postern.http.Documents.children;
import static dev.postern.http.Documents.parse;
import static dev.postern.http.Documents.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.Postern;
import dev.postern.cli.PosternCommand;
import dev.postern.config.SettingsLoader;
import dev.postern.e2e.ExternalClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * A whole node with {@code http.listen} and {@code http.tls = true}, asked by curl over HTTPS
 * (trusting the certificate {@code postern init} made for the host name): the documents advertise
 * the ports the mail listeners really bound.
 */
class HttpEndToEndTest {
    @TempDir
    static Path dir;
    static Postern postern;
    static Path cert;

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("postern.conf");
        Files.writeString(config, """
                hostname = mx.example.test
                data_dir = %s
                smtp.listen = 127.0.0.1:0
                submission.listen = 127.0.0.1:0
                submissions.listen = 127.0.0.1:0
                pop3.listen = 127.0.0.1:0
                pop3s.listen = 127.0.0.1:0
                dns.servers = 127.0.0.1:9
                http.listen = 127.0.0.1:0
                http.tls = true
                """.formatted(dir.resolve("data")));
        assertThat(PosternCommand.commandLine().execute("domain", "add", "example.test", "--config", config.toString()))
                .isZero();
        postern = Postern.start(SettingsLoader.load(Optional.of(config)));
        cert = dir.resolve("data/tls/cert.pem");
    }

    @AfterAll
    static void stop() {
        if (postern != null) {
            postern.close();
        }
    }

    /** curl over HTTPS to mx.example.test (resolved to 127.0.0.1); the last line of stdout is the status. */
    static ExternalClient.Result curl(String path, String... extra) throws Exception {
        int port = postern.httpPort();
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--cacert", cert.toString(),
                "--resolve", "mx.example.test:" + port + ":127.0.0.1", "-w", "\n%{http_code}"));
        command.addAll(List.of(extra));
        command.add("https://mx.example.test:" + port + path);
        var result = ExternalClient.run(command, Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    static int status(ExternalClient.Result result) {
        String out = result.stdout();
        return Integer.parseInt(out.substring(out.lastIndexOf('\n') + 1).strip());
    }

    static byte[] body(ExternalClient.Result result) {
        String out = result.stdout();
        return out.substring(0, out.lastIndexOf('\n')).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void autoconfigOverHttpsAdvertisesTheBoundPorts() throws Exception {
        var result = curl(Routes.AUTOCONFIG + "?emailaddress=alice%40example.test");
        assertThat(status(result)).as(result.toString()).isEqualTo(200);
        Element provider = child(parse(body(result)).getDocumentElement(), "emailProvider");
        assertThat(children(provider, "incomingServer").stream().map(s -> text(s, "port") + " " + text(s, "socketType")))
                .containsExactly(postern.port("pop3s") + " SSL", postern.port("pop3") + " STARTTLS");
        assertThat(children(provider, "outgoingServer").stream().map(s -> text(s, "port") + " " + text(s, "socketType")))
                .containsExactly(postern.port("submissions") + " SSL", postern.port("submission") + " STARTTLS",
                        postern.port("smtp") + " STARTTLS");
        assertThat(children(provider, "outgoingServer")).allSatisfy(s ->
                assertThat(text(s, "hostname")).isEqualTo("mx.example.test"));
    }

    @Test
    void autodiscoverOverHttpsWithCurlPost() throws Exception {
        var result = curl("/Autodiscover/Autodiscover.xml", "-H", "Content-Type: text/xml",
                "--data-binary", HttpListenerTest.autodiscoverRequest("alice@example.test"));
        assertThat(status(result)).as(result.toString()).isEqualTo(200);
        Element account = child(child(parse(body(result)).getDocumentElement(), "Response"), "Account");
        assertThat(children(account, "Protocol").stream().map(p -> text(p, "Type") + " " + text(p, "Port") + " "
                + text(p, "AuthRequired"))).containsExactly("POP3 " + postern.port("pop3s") + " on",
                "SMTP " + postern.port("submissions") + " on");
    }

    @Test
    void refusalsAndHealthOverHttps() throws Exception {
        assertThat(status(curl(Routes.AUTOCONFIG + "?emailaddress=bob%40elsewhere.test"))).isEqualTo(404);
        assertThat(status(curl(Routes.AUTOCONFIG + "?emailaddress=%zz"))).isEqualTo(400);
        assertThat(status(curl("/apple/bob@elsewhere.test.mobileconfig"))).isEqualTo(404);
        assertThat(status(curl("/apple/alice@example.test.mobileconfig"))).isEqualTo(200);
        var health = curl("/healthz");
        assertThat(status(health)).isEqualTo(200);
        assertThat(new String(body(health), StandardCharsets.UTF_8)).isEqualTo("ok\n");
        assertThat(status(curl("/metrics"))).isEqualTo(200);
    }

    @Test
    void pythonsPlistlibReadsTheAppleProfile() throws Exception {
        Path profile = dir.resolve("alice.mobileconfig");
        var fetched = curl("/apple/alice@example.test.mobileconfig", "-o", profile.toString());
        assertThat(status(fetched)).isEqualTo(200);
        // plistlib is Python's own property-list reader (it refuses anything that is not a plist).
        var read = ExternalClient.run(List.of("python3", "-c", """
                import plistlib, sys
                p = plistlib.load(open(sys.argv[1], 'rb'))
                a = p['PayloadContent'][0]
                print(p['PayloadType'], a['PayloadType'], a['EmailAccountType'], a['EmailAddress'])
                print(a['IncomingMailServerHostName'], a['IncomingMailServerPortNumber'], a['IncomingMailServerUseSSL'])
                print(a['OutgoingMailServerHostName'], a['OutgoingMailServerPortNumber'], a['OutgoingMailServerUseSSL'])
                """, profile.toString()), Duration.ofSeconds(30));
        assertThat(read.exitCode()).as(read.toString()).isZero();
        assertThat(read.stdout()).isEqualTo("""
                Configuration com.apple.mail.managed EmailTypePOP alice@example.test
                mx.example.test %d True
                mx.example.test %d True
                """.formatted(postern.port("pop3s"), postern.port("submissions")));
    }
}
