package dev.postern.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerTest {

    private static final byte[] REFUSAL = "421 too many connections\r\n".getBytes(US_ASCII);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private Listener listen(TlsMode mode, ConnectionCaps caps, ConnectionHandler handler) throws IOException {
        var spec = new ListenerSpec("test", new InetSocketAddress("127.0.0.1", 0), mode, REFUSAL, Duration.ofSeconds(10));
        Listener listener = Listener.open(spec, caps, handler);
        closing.add(listener);
        return listener;
    }

    private Listener listen(ConnectionHandler handler) throws IOException {
        return listen(TlsMode.plain(), new ConnectionCaps(100, 100), handler);
    }

    private Client connect(Listener listener, String source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(listener.address(), 5_000);
        socket.setSoTimeout(5_000);
        Client client = new Client(socket);
        closing.add(client);
        return client;
    }

    record Client(Socket socket) implements AutoCloseable {
        void send(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(US_ASCII));
            out.flush();
        }

        /** Reads one CRLF line byte by byte, so nothing past it is buffered before a TLS upgrade. */
        String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = socket.getInputStream().read()) != '\n') {
                if (c < 0) {
                    return null;
                }
                line.append((char) c);
            }
            return line.toString().stripTrailing();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final ConnectionHandler ECHO = c -> {
        while (true) {
            Line line = c.readLine(20);
            String answer = switch (line) {
                case Line.Text t -> "text " + t.crlf() + " " + t.ascii();
                case Line.TooLong t -> "too long " + t.limit();
                case Line.End e -> null;
            };
            if (answer == null) {
                return;
            }
            c.write((answer + "\r\n").getBytes(US_ASCII));
            c.flush();
        }
    };

    @Test
    void reportsTheBoundPortWhenAskedForPortZero() throws IOException {
        Listener listener = listen(ECHO);
        assertThat(listener.port()).isPositive();
        assertThat(listener.name()).isEqualTo("test");
    }

    @Test
    void linesOverASocketKeepTheirLimitsAndTerminators() throws IOException {
        Client client = connect(listen(ECHO), "127.0.0.1");
        client.send("HELO a\r\nbare\n" + "x".repeat(5000) + "\r\nNOOP\r\n");
        assertThat(client.line()).isEqualTo("text true HELO a");
        assertThat(client.line()).isEqualTo("text false bare");
        assertThat(client.line()).isEqualTo("too long 20");
        assertThat(client.line()).isEqualTo("text true NOOP");
        client.socket().shutdownOutput();
        assertThat(client.line()).isNull(); // the handler saw End and returned; the listener closed
    }

    @Test
    void readTimeoutThrowsSocketTimeoutException() throws IOException {
        Client client = connect(listen(c -> {
            c.readTimeout(Duration.ofMillis(200));
            try {
                c.readLine(100);
                c.write("no timeout\r\n".getBytes(US_ASCII));
            } catch (SocketTimeoutException e) {
                c.write("timed out\r\n".getBytes(US_ASCII));
            }
            c.flush();
        }), "127.0.0.1");
        assertThat(client.line()).isEqualTo("timed out");
    }

    @Test
    void peerNamesTheClientAndTheListener() throws IOException {
        Client client = connect(listen(c -> {
            c.write((c.peer().address().getHostAddress() + " " + c.peer().listener() + "\r\n").getBytes(US_ASCII));
            c.flush();
        }), "127.0.0.4");
        assertThat(client.line()).isEqualTo("127.0.0.4 test");
    }

    private static final ConnectionHandler GREET_AND_HOLD = c -> {
        c.write("hello\r\n".getBytes(US_ASCII));
        c.flush();
        c.readLine(100); // until the client closes
    };

    @Test
    void perAddressCapRefusesTheNextConnectionFromThatAddressOnly() throws IOException {
        Listener listener = listen(TlsMode.plain(), new ConnectionCaps(10, 2), GREET_AND_HOLD);
        assertThat(connect(listener, "127.0.0.2").line()).isEqualTo("hello");
        assertThat(connect(listener, "127.0.0.2").line()).isEqualTo("hello");
        Client third = connect(listener, "127.0.0.2");
        assertThat(third.line()).isEqualTo("421 too many connections");
        assertThat(third.line()).isNull();
        assertThat(connect(listener, "127.0.0.3").line()).isEqualTo("hello");
    }

    @Test
    void totalCapRefusesAnyAddressAndFreesSlotsOnClose() throws IOException {
        Listener listener = listen(TlsMode.plain(), new ConnectionCaps(2, 2), GREET_AND_HOLD);
        Client first = connect(listener, "127.0.0.5");
        assertThat(first.line()).isEqualTo("hello");
        assertThat(connect(listener, "127.0.0.6").line()).isEqualTo("hello");
        assertThat(connect(listener, "127.0.0.7").line()).isEqualTo("421 too many connections");
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.active() == 1);
        assertThat(connect(listener, "127.0.0.7").line()).isEqualTo("hello");
    }

    @Test
    void startTlsUpgradesAndReportsTheSession() throws Exception {
        SelfSigned cert = SelfSigned.generate("mx.test");
        Listener listener = listen(new TlsMode.Plain(Optional.of(cert.serverContext())), new ConnectionCaps(10, 10), c -> {
            c.readLine(100);
            c.write("go ahead\r\n".getBytes(US_ASCII));
            c.flush();
            c.startTls();
            c.write((c.tls().orElseThrow().protocol() + "\r\n").getBytes(US_ASCII));
            c.flush();
            Line.Text line = (Line.Text) c.readLine(100);
            c.write(("secure " + line.ascii() + "\r\n").getBytes(US_ASCII));
            c.flush();
        });
        Client client = connect(listener, "127.0.0.1");
        client.send("STARTTLS\r\n");
        assertThat(client.line()).isEqualTo("go ahead");
        var tls = (javax.net.ssl.SSLSocket) cert.clientContext().getSocketFactory()
                .createSocket(client.socket(), "127.0.0.1", listener.port(), true);
        tls.startHandshake();
        Client secure = new Client(tls);
        assertThat(secure.line()).isEqualTo("TLSv1.3");
        secure.send("NOOP\r\n");
        assertThat(secure.line()).isEqualTo("secure NOOP");
    }

    @Test
    void startTlsIsRefusedWhileInputIsPending() throws IOException {
        SelfSigned cert = SelfSigned.generate("mx.test");
        Listener listener = listen(new TlsMode.Plain(Optional.of(cert.serverContext())), new ConnectionCaps(10, 10), c -> {
            c.readLine(100);
            await().atMost(Duration.ofSeconds(5)).until(c::hasPendingInput);
            try {
                c.startTls();
                c.write("upgraded\r\n".getBytes(US_ASCII));
            } catch (IllegalStateException e) {
                c.write("refused\r\n".getBytes(US_ASCII));
            }
            c.flush();
        });
        Client client = connect(listener, "127.0.0.1");
        client.send("STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n");
        assertThat(client.line()).isEqualTo("refused");
    }

    @Test
    void startTlsWithoutAContextIsAnError() throws IOException {
        Client client = connect(listen(c -> {
            try {
                c.startTls();
            } catch (IllegalStateException e) {
                c.write("no tls\r\n".getBytes(US_ASCII));
                c.flush();
            }
        }), "127.0.0.1");
        assertThat(client.line()).isEqualTo("no tls");
    }

    @Test
    void implicitTlsHandshakesBeforeTheHandlerRuns() throws IOException {
        SelfSigned cert = SelfSigned.generate("mx.test");
        Listener listener = listen(new TlsMode.Implicit(cert.serverContext(), Duration.ofSeconds(5)), new ConnectionCaps(10, 10), c -> {
            c.write((c.tls().orElseThrow().protocol() + "\r\n").getBytes(US_ASCII));
            c.flush();
        });
        var tls = (javax.net.ssl.SSLSocket) cert.clientContext().getSocketFactory().createSocket("127.0.0.1", listener.port());
        tls.setSoTimeout(5_000);
        tls.setEnabledProtocols(new String[] {"TLSv1.2"});
        Client client = new Client(tls);
        closing.add(client);
        assertThat(client.line()).isEqualTo("TLSv1.2");
    }

    @Test
    void implicitTlsGivesUpOnASilentClient() throws IOException {
        SelfSigned cert = SelfSigned.generate("mx.test");
        CountDownLatch handled = new CountDownLatch(1);
        Listener listener = listen(new TlsMode.Implicit(cert.serverContext(), Duration.ofMillis(200)), new ConnectionCaps(10, 10),
                c -> handled.countDown());
        Client silent = connect(listener, "127.0.0.1");
        assertThat(silent.socket().getInputStream().read()).isEqualTo(-1);
        assertThat(handled.getCount()).isEqualTo(1);
    }

    @Test
    void shutdownLetsSessionsFinishWithinGraceThenClosesTheRest() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        Listener listener = listen(c -> {
            started.countDown();
            Line line = c.readLine(100);
            if (line instanceof Line.Text t && t.ascii().equals("quick")) {
                c.write("done\r\n".getBytes(US_ASCII));
                c.flush();
            }
        });
        Listeners listeners = new Listeners(List.of(listener));
        Client quick = connect(listener, "127.0.0.1");
        Client stuck = connect(listener, "127.0.0.1");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Thread shutdown = Thread.ofVirtual().start(() -> listeners.shutdown(Duration.ofMillis(500)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> connect(listener, "127.0.0.1")).isInstanceOf(ConnectException.class));
        quick.send("quick\r\n");
        assertThat(quick.line()).isEqualTo("done");
        assertThat(stuck.socket().getInputStream().read()).isEqualTo(-1);
        shutdown.join(Duration.ofSeconds(10));
        assertThat(listeners.active()).isZero();
    }

    @Test
    void awaitIdleTimesOutWhileASessionIsOpen() throws Exception {
        Listener listener = listen(GREET_AND_HOLD);
        Client client = connect(listener, "127.0.0.1");
        assertThat(client.line()).isEqualTo("hello");
        Listeners listeners = new Listeners(List.of(listener));
        assertThat(listeners.awaitIdle(Duration.ofMillis(100))).isFalse();
        client.close();
        assertThat(listeners.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(listeners.named("test")).isSameAs(listener);
    }

    @Test
    void aPermissionFailureOnALowPortIsTyped() {
        var low = new InetSocketAddress("127.0.0.1", 25);
        var high = new InetSocketAddress("127.0.0.1", 2525);
        assertThat(PrivilegedPortException.classify(low, new java.net.BindException("Permission denied")))
                .isInstanceOf(PrivilegedPortException.class)
                .satisfies(e -> assertThat(((PrivilegedPortException) e).address()).isEqualTo(low));
        assertThat(PrivilegedPortException.classify(high, new java.net.BindException("Permission denied")))
                .isNotInstanceOf(PrivilegedPortException.class);
        assertThat(PrivilegedPortException.classify(low, new java.net.BindException("Address already in use")))
                .isNotInstanceOf(PrivilegedPortException.class);
    }

    @Test
    void bindingAnAddressInUseFailsClearly() throws IOException {
        Listener first = listen(ECHO);
        var spec = new ListenerSpec("again", first.address(), TlsMode.plain(), REFUSAL, Duration.ofSeconds(1));
        assertThatThrownBy(() -> Listener.open(spec, new ConnectionCaps(1, 1), ECHO))
                .isInstanceOf(java.net.BindException.class)
                .hasMessageContaining(String.valueOf(first.port()));
    }
}
