package dev.postern.proofs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floods (issue 7), bounded in count and time: connections from many 127.x.y.z addresses meet the
 * per-IP and global caps with 421 and the server recovers; a client that never reads its replies
 * is cut by the write timeout (it holds no slot for ever).
 */
@Timeout(120)
class FloodTest {

    @TempDir
    Path dir;

    private final List<Socket> open = new ArrayList<>();
    private ProofServer server;

    /** Clients first, so the server's stop does not wait out its grace period for them. */
    @AfterEach
    void closeAll() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void perAddressAndGlobalCapsAnswer421AndFreeTheirSlotsOnClose() throws Exception {
        server = ProofServer.configure(dir, """
                smtp.max_connections = 40
                smtp.max_connections_per_ip = 3
                """).start();
        int port = server.port("smtp");
        for (int i = 0; i < 3; i++) {
            assertThat(greeting(connect(port, "127.0.1.1"))).startsWith("220 ");
        }
        assertThat(greeting(connect(port, "127.0.1.1"))).startsWith("421 4.7.0 ").contains("too many connections");
        assertThat(greeting(connect(port, "127.0.1.2"))).as("another address is not affected").startsWith("220 ");

        for (int i = 4; i < 40; i++) { // 36 more from 36 addresses: 40 open in all
            assertThat(greeting(connect(port, "127.0.2." + i))).startsWith("220 ");
        }
        assertThat(greeting(connect(port, "127.0.3.1"))).as("the global cap").startsWith("421 4.7.0 ");

        for (Socket socket : open) {
            socket.close();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> greetingFrom(port, "127.0.1.1").startsWith("220 "));
        assertThat(greeting(connect(port, "127.0.3.1"))).startsWith("220 ");
    }

    @Test
    void twoThousandConnectionsFromTwoHundredAddressesAreServedAndNoSlotLeaks() throws Exception {
        server = ProofServer.configure(dir, """
                smtp.max_connections = 100
                smtp.max_connections_per_ip = 5
                """).start();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = server.port("smtp");
            var outcomes = new ArrayList<Future<String>>();
            // 150 at a time: more would overflow the listen backlog (256), and the kernel, not
            // Postern, would keep the rest waiting for their handshake to complete.
            var inFlight = new Semaphore(150);
            for (int i = 0; i < 2000; i++) {
                String from = "127.1." + (i % 200 / 100) + "." + (i % 100 + 1);
                inFlight.acquire();
                outcomes.add(clients.submit(() -> {
                    try {
                        return session(port, from);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            int served = 0;
            int refused = 0;
            for (var outcome : outcomes) {
                String result = outcome.get();
                assertThat(result).matches("(220|421) .*");
                if (result.startsWith("220")) {
                    served++;
                } else {
                    refused++;
                }
            }
            assertThat(served + refused).isEqualTo(2000);
            assertThat(served).as("most are served; %d refused by the caps", refused).isGreaterThan(0);

            // Every slot came back: each of the 200 addresses gets its 5 connections again.
            for (int i = 0; i < 5; i++) {
                assertThat(greeting(connect(port, "127.1.0.1"))).startsWith("220 ");
            }
            assertThat(greeting(connect(port, "127.1.0.1"))).startsWith("421 ");
        }
    }

    @Test
    void aClientThatNeverReadsIsCutByTheWriteTimeoutAndFreesItsSlot() throws Exception {
        server = ProofServer.configure(dir, """
                smtp.max_connections_per_ip = 1
                smtp.command_timeout = 2s
                """).start();
        int port = server.port("smtp");
        Socket stuck = new Socket();
        open.add(stuck);
        stuck.setReceiveBufferSize(4096);
        stuck.bind(new InetSocketAddress(InetAddress.getByName("127.0.4.1"), 0));
        stuck.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        // EHLO answers ~200 bytes for 12 sent: the replies fill both socket buffers while the
        // server keeps reading, then its write blocks because nobody reads them.
        Thread writer = Thread.ofVirtual().start(() -> {
            byte[] ehlo = "EHLO never.reads.test\r\n".getBytes(ISO_8859_1);
            try {
                OutputStream out = stuck.getOutputStream();
                for (int i = 0; i < 200_000; i++) {
                    out.write(ehlo);
                }
            } catch (IOException cut) {
                // the server gave up on us: expected
            }
        });
        assertThat(greetingFrom(port, "127.0.4.1")).as("its slot is held meanwhile").startsWith("421 ");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> greetingFrom(port, "127.0.4.1").startsWith("220 "));
        writer.join(Duration.ofSeconds(30));
        assertThat(writer.isAlive()).as("the flooding client was disconnected").isFalse();
    }

    private Socket connect(int port, String from) throws IOException {
        Socket socket = new Socket();
        open.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Connects, reads the greeting, closes. */
    private static String greetingFrom(int port, String from) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            return greeting(socket);
        }
    }

    /** A short session: greeting, then EHLO and QUIT when it was a 220. */
    private static String session(int port, String from) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            String greeting = greeting(socket);
            if (greeting.startsWith("220")) {
                socket.getOutputStream().write("EHLO flood.test\r\nQUIT\r\n".getBytes(ISO_8859_1));
                byte[] rest = socket.getInputStream().readAllBytes();
                assertThat(new String(rest, ISO_8859_1)).contains("221 ");
            }
            return greeting;
        }
    }

    private static String greeting(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        var line = new StringBuilder();
        try {
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                line.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            return "timeout: " + line;
        }
        return line.toString().strip();
    }
}
