package dev.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.pop3.Pop3Settings.PlaintextLogin;
import dev.postern.pop3.Pop3Settings.Stls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's poplib and curl (clients nobody here wrote) against a real {@link Pop3Session} over TCP on
 * 127.0.0.1, port 0, through test-only accept loops (plain with STLS, and implicit TLS). Two sessions: the UIDLs of the second
 * are those of the first, minus the message the first deleted.
 */
class PoplibEndToEndTest {

    @TempDir
    Path dataDir;

    private final List<ServerSocket> servers = new ArrayList<>();
    private Pop3Fixture fixture;
    private SSLContext tls;
    private ServerSocket server;

    @BeforeEach
    void start() throws Exception {
        fixture = new Pop3Fixture(dataDir);
        tls = TestCertificate.serverContext();
        server = listen(PlaintextLogin.TLS_REQUIRED_EXCEPT_LOOPBACK, Stls.OFFERED, false);
    }

    /** A test-only accept loop on 127.0.0.1, port 0; implicit TLS wraps each socket first. */
    private ServerSocket listen(PlaintextLogin plaintext, Stls stls, boolean implicitTls) throws IOException {
        var listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        servers.add(listener);
        var settings = Pop3Settings.defaults("pop.example.org", stls, plaintext);
        var opener = new MaildirMaildrops(fixture.maildrops);
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket accepted = listener.accept();
                    Thread.ofVirtual().start(() -> serve(accepted, settings, opener, implicitTls));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return listener;
    }

    private void serve(Socket accepted, Pop3Settings settings, MaildropOpener opener, boolean implicitTls) {
        try {
            Socket socket = accepted;
            if (implicitTls) {
                var wrapped = (SSLSocket) tls.getSocketFactory().createSocket(accepted, null, accepted.getPort(), true);
                wrapped.setUseClientMode(false);
                wrapped.startHandshake();
                socket = wrapped;
            }
            new Pop3Session(new LoopbackConnection(socket, Optional.of(tls)), settings, fixture::authenticate, opener,
                    (client, account) -> fixture.logins.add(new Pop3Fixture.Login(client, account))).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (ServerSocket listener : servers) {
            listener.close();
        }
    }

    @Test
    void poplib_logs_in_after_stls_when_tls_is_required() throws Exception {
        ServerSocket strict = listen(PlaintextLogin.TLS_REQUIRED, Stls.OFFERED, false);
        List<String> output = poplib(strict, "alice@example.org", "secret", "keep", "stls");
        assertThat(output).startsWith(
                "welcome +OK pop.example.org Postern POP3 ready",
                "capa AUTH-RESP-CODE IMPLEMENTATION PIPELINING RESP-CODES STLS TOP UIDL",
                "stls +OK Begin TLS negotiation now",
                "capa AUTH-RESP-CODE IMPLEMENTATION PIPELINING RESP-CODES SASL TOP UIDL USER",
                "stat 3 117");
        assertThat(output).contains("uidl 1 000000016553f100", "quit +OK Logging out");
    }

    @Test
    void poplib_pop3_ssl_on_an_implicit_tls_listener() throws Exception {
        ServerSocket implicit = listen(PlaintextLogin.TLS_REQUIRED, Stls.NOT_OFFERED, true);
        List<String> output = poplib(implicit, "bob@example.org", "hunter 2", "keep", "ssl");
        assertThat(output).containsExactly(
                "welcome +OK pop.example.org Postern POP3 ready",
                "capa AUTH-RESP-CODE IMPLEMENTATION PIPELINING RESP-CODES SASL TOP UIDL USER",
                "stat 0 0",
                "quit +OK Logging out");
    }

    @Test
    void poplib_lists_retrieves_deletes_and_sees_stable_uidls() throws Exception {
        List<String> first = poplib(server, "alice@example.org", "secret", "dele-first", "plain");
        assertThat(first).containsExactly(
                "welcome +OK pop.example.org Postern POP3 ready",
                "capa AUTH-RESP-CODE IMPLEMENTATION PIPELINING RESP-CODES SASL STLS TOP UIDL USER",
                "stat 3 117",
                "list 1 64", "list 2 26", "list 3 27",
                "uidl 1 000000016553f100", "uidl 2 000000026553f100", "uidl 3 000000036553f100",
                "retr 1 64 From: a@example.org|Subject: one||line 1|.dot line|line 3",
                "retr 2 26 Subject: two||body two",
                // the stored message lacks a final line end; the wire adds CRLF before the dot
                "retr 3 29 Subject: three||only line",
                "top From: a@example.org|Subject: one|",
                "dele +OK Message 1 deleted",
                "quit +OK Logging out");
        assertThat(fixture.logins).extracting(l -> l.client().getHostAddress(), Pop3Fixture.Login::account)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("127.0.0.1", "alice@example.org"));

        List<String> second = poplib(server, "alice@example.org", "secret", "keep", "plain");
        assertThat(second).contains("stat 2 53", "uidl 1 000000026553f100", "uidl 2 000000036553f100");
        assertThat(fixture.files("alice@example.org", "cur")).containsExactly(
                "1700000002.M2P1Q2.test,S=26,W=26:2,S", "1700000003.M3P1Q3.test,S=27,W=27:2,S");
    }

    @Test
    void poplib_sees_a_failed_login_as_an_error() throws Exception {
        List<String> output = poplib(server, "alice@example.org", "wrong", "keep", "plain");
        assertThat(String.join("\n", output)).contains("-ERR [AUTH] Authentication failed");
        assertThat(fixture.logins).isEmpty();
    }

    @Test
    void curl_lists_and_retrieves_with_sasl() throws Exception {
        String url = "pop3://127.0.0.1:" + server.getLocalPort() + "/";
        String listing = run("curl", "-sS", "--max-time", "30", "-u", "alice@example.org:secret", url);
        assertThat(listing.lines()).containsExactly("1 64", "2 26", "3 27");
        String message = run("curl", "-sS", "--max-time", "30", "-u", "alice@example.org:secret", url + "1");
        assertThat(message).isEqualTo(Pop3Fixture.ONE);
        String uidl = run("curl", "-sS", "--max-time", "30", "-u", "alice@example.org:secret", "-X", "UIDL", url);
        assertThat(uidl.lines()).containsExactly("1 000000016553f100", "2 000000026553f100", "3 000000036553f100");
        assertThat(fixture.logins).hasSize(3);
    }

    @Test
    void curl_over_pop3s_and_over_stls() throws Exception {
        ServerSocket implicit = listen(PlaintextLogin.TLS_REQUIRED, Stls.NOT_OFFERED, true);
        String message = run("curl", "-sS", "--insecure", "--max-time", "30", "-u", "alice@example.org:secret",
                "pop3s://127.0.0.1:" + implicit.getLocalPort() + "/2");
        assertThat(message).isEqualTo(Pop3Fixture.TWO);
        ServerSocket strict = listen(PlaintextLogin.TLS_REQUIRED, Stls.OFFERED, false);
        String listing = run("curl", "-sS", "--insecure", "--ssl-reqd", "--max-time", "30", "-u", "alice@example.org:secret",
                "pop3://127.0.0.1:" + strict.getLocalPort() + "/");
        assertThat(listing.lines()).containsExactly("1 64", "2 26", "3 27");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        assertThat(process.exitValue()).as("%s exit status; output: %s", command[0], output).isZero();
        return output;
    }

    private List<String> poplib(ServerSocket target, String user, String password, String action, String mode)
            throws Exception {
        Path script = Path.of(Objects.requireNonNull(getClass().getResource("/e2e/poplib_session.py")).toURI());
        Process process = new ProcessBuilder(Pop3Fixture.PYTHON, script.toString(), "127.0.0.1",
                String.valueOf(target.getLocalPort()), user, password, action, mode).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("poplib finished").isTrue();
        return output.lines().toList();
    }
}
